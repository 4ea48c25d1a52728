import type { ReceptionistSettings, SettingsOverrides } from '@/lib/receptionist/settings'

// The AI receptionist page's pure draft helpers: which settings a number makes its own, and
// which field an API error belongs to.

/** Equal as JSON values, whatever the order of object keys (PostgreSQL's jsonb keeps its own). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, index) => sameValue(item, b[index]))
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)])
    return [...keys].every((key) => sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]))
  }
  return a === b
}

/**
 * A number's overrides from the settings edited on its behalf: what differs from the
 * organization's. What equals the organization's is left out, so it keeps following them.
 */
export function overridesFrom(edited: ReceptionistSettings, organization: ReceptionistSettings): SettingsOverrides {
  return Object.fromEntries(Object.entries(edited).filter(([key, value]) => !sameValue(value, organization[key as keyof ReceptionistSettings]))) as SettingsOverrides
}

/**
 * The API names a field by its path (`turnDetection.threshold`, `transferNumbers.1.e164`); each
 * control shows the errors at or under its own path.
 */
export function fieldError(fields: Record<string, string> | undefined, path: string): string | undefined {
  if (!fields) return undefined
  const messages = Object.entries(fields).filter(([key]) => key === path || key.startsWith(`${path}.`)).map(([, message]) => message)
  return messages.length ? [...new Set(messages)].join(' ') : undefined
}

/** Each setting in the owner's words, for saying which ones a number makes its own. */
export const SETTING_LABELS: Record<keyof ReceptionistSettings, string> = {
  businessName: 'business name',
  businessDescription: 'description',
  instructions: 'instructions',
  greeting: 'greeting',
  voice: 'voice',
  language: 'language',
  tools: 'tools',
  transferQueues: 'transfer teams',
  transferAgents: 'transfer people',
  transferNumbers: 'outside numbers',
  transferNoAnswer: 'no-answer handling',
  transferWhen: 'when to transfer',
  turnDetection: 'turn detection',
  minBargeInMs: 'interruption guard',
  audioFormat: 'audio format',
}
