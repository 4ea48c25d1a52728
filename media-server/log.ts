/**
 * Structured JSON logs, one object per line. Every line of a call carries its callSid and
 * streamSid (bound with `child`). Secrets never reach a line: values registered with
 * `protect` (the stream secret, the OpenAI key, each stream token) are masked wherever they
 * appear, in messages and in any nested field, before the line is written.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'
export type LogFields = Record<string, unknown>

export interface Logger {
  debug(message: string, fields?: LogFields): void
  info(message: string, fields?: LogFields): void
  warn(message: string, fields?: LogFields): void
  error(message: string, fields?: LogFields): void
  /** A logger whose lines all carry `fields` (e.g. callSid, streamSid). */
  child(fields: LogFields): Logger
  /** Masks `secret` in every later line of this logger and of its children (not of its parent). */
  protect(secret: string): void
}

export const REDACTED = '[redacted]'
/** Shorter values are not treated as secrets: masking them would mangle ordinary words. */
const MIN_SECRET_LENGTH = 8

export function createLogger(write: (line: string) => void = (line) => process.stdout.write(`${line}\n`), bound: LogFields = {}): Logger {
  return makeLogger(write, [], bound)
}

/**
 * Each logger owns its secrets and reads its ancestors', so a call's token is forgotten with
 * the call's logger instead of piling up in the process-wide one.
 */
function makeLogger(write: (line: string) => void, inherited: ReadonlyArray<Set<string>>, bound: LogFields): Logger {
  const own = new Set<string>()
  const chain = [...inherited, own]
  const emit = (level: LogLevel) => (message: string, fields: LogFields = {}) => {
    const entry = { time: new Date().toISOString(), level, msg: message, ...bound, ...fields }
    write(JSON.stringify(redact(entry, chain)))
  }
  return {
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    child: (fields) => makeLogger(write, chain, { ...bound, ...fields }),
    protect: (secret) => {
      if (secret.length >= MIN_SECRET_LENGTH) own.add(secret)
    },
  }
}

export function redact(value: unknown, secrets: ReadonlyArray<ReadonlySet<string>>): unknown {
  if (typeof value === 'string') {
    let masked = value
    for (const set of secrets) for (const secret of set) masked = masked.split(secret).join(REDACTED)
    return masked
  }
  if (value instanceof Error) return redact({ name: value.name, message: value.message }, secrets)
  if (Array.isArray(value)) return value.map((item) => redact(item, secrets))
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redact(item, secrets)]))
  }
  return value
}
