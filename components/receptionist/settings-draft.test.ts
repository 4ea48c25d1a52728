import { describe, expect, it } from 'vitest'
import { DEFAULT_SETTINGS, receptionistSettingsSchema, settingsOverridesSchema, type ReceptionistSettings } from '@/lib/receptionist/settings'
import { fieldError, overridesFrom, sameValue } from './settings-draft'

// The receptionist page's draft helpers: a number's overrides are what differs from the
// organization's settings, and API errors land on the control that made them.
describe('receptionist settings drafts', () => {
  const organization: ReceptionistSettings = { ...DEFAULT_SETTINGS, greeting: 'Hello from Acme.', voice: 'alloy', instructions: '' }

  it('compares JSON values whatever their key order', () => {
    expect(sameValue({ type: 'server_vad', threshold: 0.5, silenceMs: 500 }, { silenceMs: 500, threshold: 0.5, type: 'server_vad' })).toBe(true)
    expect(sameValue({ a: 1 }, { a: 1, b: undefined })).toBe(true)
    expect(sameValue({ a: 1 }, { a: 2 })).toBe(false)
    expect(sameValue(['a', 'b'], ['b', 'a'])).toBe(false)
    expect(sameValue([], {})).toBe(false)
    expect(sameValue(null, {})).toBe(false)
  })

  it('keeps as overrides only what differs from the organization', () => {
    // The turn detection comes back from jsonb with its keys reordered: still the same.
    const reordered = { ...organization, turnDetection: { silenceMs: 500, threshold: 0.5, type: 'server_vad' as const } }
    expect(overridesFrom(reordered, organization)).toEqual({})
    const edited = { ...organization, voice: 'coral' as const, tools: { ...organization.tools, end_call: false }, transferNumbers: [{ name: 'Night line', e164: '+14155550123' }] }
    const overrides = overridesFrom(edited, organization)
    expect(overrides).toEqual({ voice: 'coral', tools: edited.tools, transferNumbers: edited.transferNumbers })
    // What it sends is what the API accepts for a number.
    expect(settingsOverridesSchema.safeParse(overrides).success).toBe(true)
  })

  it('puts an API error on the control whose path it names, or under it', () => {
    const parsed = receptionistSettingsSchema.safeParse({ ...organization, turnDetection: { type: 'server_vad', threshold: 3, silenceMs: 500 }, transferNumbers: [{ name: 'Night', e164: '555' }] })
    expect(parsed.success).toBe(false)
    // The same path shape lib/http/problem.ts makes of zod's issues.
    const fields = Object.fromEntries(parsed.error!.issues.map((issue) => [issue.path.join('.'), issue.message]))
    expect(fieldError(fields, 'turnDetection')).toMatch(/1/)
    expect(fieldError(fields, 'transferNumbers')).toBe('expected an E.164 number such as +14155550123')
    expect(fieldError(fields, 'transferNumbersX')).toBeUndefined()
    expect(fieldError(fields, 'voice')).toBeUndefined()
    expect(fieldError(undefined, 'voice')).toBeUndefined()
  })
})
