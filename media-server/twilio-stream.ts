/**
 * The Twilio Media Streams WebSocket protocol
 * (https://www.twilio.com/docs/voice/media-streams/websocket-messages): inbound messages
 * validated into typed values, outbound `media` / `mark` / `clear` built as JSON text. Only
 * a bidirectional stream (<Connect><Stream>) accepts the outbound messages.
 */
import { z } from 'zod'

/** Twilio sends 20 ms of 8 kHz G.711 μ-law per `media` message: 160 bytes. */
export const FRAME_MS = 20
export const FRAME_BYTES = 160
export const MULAW_SILENCE = 0xff

// Twilio sends sequenceNumber, chunk and timestamp as strings, and may add fields: objects
// are loose so a new field never drops a call.
const numericString = z.string().regex(/^\d+$/)

const connected = z.looseObject({ event: z.literal('connected'), protocol: z.string(), version: z.string() })
const start = z.looseObject({
  event: z.literal('start'),
  sequenceNumber: numericString,
  streamSid: z.string().min(1),
  start: z.looseObject({
    accountSid: z.string().min(1),
    streamSid: z.string().min(1),
    callSid: z.string().min(1),
    tracks: z.array(z.string()),
    mediaFormat: z.looseObject({ encoding: z.string(), sampleRate: z.number(), channels: z.number() }),
    customParameters: z.record(z.string(), z.string()).default({}),
  }),
})
const media = z.looseObject({
  event: z.literal('media'),
  sequenceNumber: numericString,
  streamSid: z.string().min(1),
  media: z.looseObject({ track: z.string(), chunk: numericString, timestamp: numericString, payload: z.string() }),
})
const mark = z.looseObject({ event: z.literal('mark'), streamSid: z.string().min(1), mark: z.looseObject({ name: z.string() }) })
const dtmf = z.looseObject({ event: z.literal('dtmf'), streamSid: z.string().min(1), dtmf: z.looseObject({ track: z.string(), digit: z.string() }) })
const stop = z.looseObject({ event: z.literal('stop'), streamSid: z.string().min(1), stop: z.looseObject({ accountSid: z.string(), callSid: z.string() }) })

export const twilioMessageSchema = z.discriminatedUnion('event', [connected, start, media, mark, dtmf, stop])
export type TwilioMessage = z.infer<typeof twilioMessageSchema>
export type TwilioStart = z.infer<typeof start>

export type ParsedTwilioMessage = { ok: true; message: TwilioMessage } | { ok: false; reason: string }

export function parseTwilioMessage(text: string): ParsedTwilioMessage {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    return { ok: false, reason: 'not JSON' }
  }
  const parsed = twilioMessageSchema.safeParse(raw)
  if (parsed.success) return { ok: true, message: parsed.data }
  const event = typeof raw === 'object' && raw !== null && 'event' in raw ? String(raw.event) : '(none)'
  return { ok: false, reason: `invalid ${event} message: ${parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; ')}` }
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/
const OUR_MARK_NAME = /^\d+$/

/**
 * One string field of a message as Twilio writes it (compact JSON, `event` first), found without
 * parsing or building the message: `media` and `mark` echoes, 60 a second per call, are the bulk
 * of a media server's input. Anything else — another event, other spacing, an escaped character,
 * a value not of the expected form — gives undefined, and the caller takes the validating path.
 */
function fastField(event: string, key: string, form: RegExp): (text: string) => string | undefined {
  const prefix = `{"event":"${event}"`
  const keyQuoted = `"${key}":"`
  return (text) => {
    if (!text.startsWith(prefix)) return undefined
    const keyAt = text.indexOf(keyQuoted, prefix.length)
    if (keyAt < 0) return undefined
    const start = keyAt + keyQuoted.length
    const end = text.indexOf('"', start)
    if (end < 0) return undefined
    const value = text.slice(start, end)
    return form.test(value) ? value : undefined
  }
}

/** The base64 payload of a `media` message, on the fast path. */
export const mediaPayloadFast = fastField('media', 'payload', BASE64)

/** The name of a `mark` echo when it is one of ours (digits), on the fast path. */
export const markNameFast = fastField('mark', 'name', OUR_MARK_NAME)

/** The μ-law audio of a `media` message. */
export function mediaPayload(message: Extract<TwilioMessage, { event: 'media' }>): Buffer {
  return Buffer.from(message.media.payload, 'base64')
}

// Built as text, ten times a second per call: base64 and our mark names need no escaping.
export function mediaMessage(streamSid: string, mulaw: Uint8Array): string {
  return `{"event":"media","streamSid":${JSON.stringify(streamSid)},"media":{"payload":"${Buffer.from(mulaw.buffer, mulaw.byteOffset, mulaw.byteLength).toString('base64')}"}}`
}

/** Twilio echoes a mark once all audio sent before it has played (or was cleared). */
export function markMessage(streamSid: string, name: string): string {
  return `{"event":"mark","streamSid":${JSON.stringify(streamSid)},"mark":{"name":${JSON.stringify(name)}}}`
}

/** Drops every outbound frame Twilio has buffered; pending marks are echoed. */
export function clearMessage(streamSid: string): string {
  return JSON.stringify({ event: 'clear', streamSid })
}
