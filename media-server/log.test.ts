import { describe, expect, it } from 'vitest'
import { createLogger, REDACTED } from './log'

describe('structured logs', () => {
  it('writes one JSON object per line with the bound call fields', () => {
    const lines: string[] = []
    const log = createLogger((line) => lines.push(line)).child({ callSid: 'CA1', streamSid: 'MZ1' })
    log.info('barge-in', { audioEndMs: 740 })
    expect(JSON.parse(lines[0])).toMatchObject({ level: 'info', msg: 'barge-in', callSid: 'CA1', streamSid: 'MZ1', audioEndMs: 740 })
  })

  it('masks protected values anywhere in a line, and a child forgets its own secrets with it', () => {
    const lines: string[] = []
    const root = createLogger((line) => lines.push(line))
    root.protect('sk-live-abcdef123456')
    const call = root.child({ callSid: 'CA1' })
    call.protect('eyJ0b2tlbi1ib2R5.c2lnbmF0dXJl')
    call.warn('refused eyJ0b2tlbi1ib2R5.c2lnbmF0dXJl', { nested: { header: 'Bearer sk-live-abcdef123456' }, error: new Error('bad sk-live-abcdef123456') })
    root.info('other call', { value: 'eyJ0b2tlbi1ib2R5.c2lnbmF0dXJl' })
    expect(lines[0]).not.toContain('sk-live-abcdef123456')
    expect(lines[0]).not.toContain('eyJ0b2tlbi1ib2R5')
    expect(JSON.parse(lines[0])).toMatchObject({ msg: `refused ${REDACTED}`, nested: { header: `Bearer ${REDACTED}` }, error: { message: `bad ${REDACTED}` } })
    // The parent never knew the call's token (it is not a process-wide secret).
    expect(JSON.parse(lines[1]).value).toBe('eyJ0b2tlbi1ib2R5.c2lnbmF0dXJl')
  })
})
