import { describe, expect, it } from 'vitest'
import { deletionDue, retentionCutoff } from './retention'

describe('retention', () => {
  const now = new Date('2026-12-02T12:00:00Z')

  it('is due what was made more than the organization’s days ago', () => {
    expect(retentionCutoff(30, now)).toEqual(new Date('2026-11-02T12:00:00Z'))
    expect(retentionCutoff(365, now)).toEqual(new Date('2025-12-02T12:00:00Z'))
  })

  it('keeps everything when the organization keeps recordings', () => {
    expect(retentionCutoff(null, now)).toBeNull()
    expect(deletionDue(now, null)).toBeNull()
  })

  it('dates a recording’s deletion, whole days in UTC whatever the DST', () => {
    expect(deletionDue(new Date('2026-03-01T09:30:00Z'), 90)).toEqual(new Date('2026-05-30T09:30:00Z'))
  })
})
