import { describe, expect, it } from 'vitest'
import { mayDeleteRecording, mayPlayRecording } from './access'

describe('recording access', () => {
  it('lets owners and admins play every recording, agents only their own calls’', () => {
    expect(mayPlayRecording({ id: 'o', role: 'OWNER' }, [null])).toBe(true)
    expect(mayPlayRecording({ id: 'a', role: 'ADMIN' }, ['someone-else'])).toBe(true)
    expect(mayPlayRecording({ id: 'g', role: 'AGENT' }, ['g'])).toBe(true)
    expect(mayPlayRecording({ id: 'g', role: 'AGENT' }, [null, 'g'])).toBe(true)
    expect(mayPlayRecording({ id: 'g', role: 'AGENT' }, ['someone-else'])).toBe(false)
    expect(mayPlayRecording({ id: 'g', role: 'AGENT' }, [null])).toBe(false)
  })

  it('lets only owners and admins delete', () => {
    expect(mayDeleteRecording({ id: 'o', role: 'OWNER' })).toBe(true)
    expect(mayDeleteRecording({ id: 'a', role: 'ADMIN' })).toBe(true)
    expect(mayDeleteRecording({ id: 'g', role: 'AGENT' })).toBe(false)
  })
})
