import type { z } from 'zod'

// Shared by every process that reads the environment (the app, the media server): the same
// rules for empty values and the same message naming each bad variable.

export class ConfigError extends Error {
  override name = 'ConfigError'
}

export function parseEnvironment<S extends z.ZodType>(schema: S, environment: Record<string, string | undefined>, what = 'configuration'): z.infer<S> {
  // Empty strings in .env files mean "unset", as most tools treat them.
  const cleaned = Object.fromEntries(Object.entries(environment).filter(([, value]) => value !== ''))
  const parsed = schema.safeParse(cleaned)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(environment)'}: ${issue.message}`)
    throw new ConfigError(`Invalid ${what}:\n${lines.join('\n')}`)
  }
  return parsed.data
}
