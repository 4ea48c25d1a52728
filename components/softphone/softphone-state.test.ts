import { describe, expect, it } from 'vitest'
import { initialSoftphoneState, softphoneReducer, type SoftphoneEvent, type SoftphoneState } from './softphone-state'

const run = (events: SoftphoneEvent[], from: SoftphoneState = initialSoftphoneState) => events.reduce(softphoneReducer, from)
const ringing: SoftphoneEvent = { type: 'incoming', call: { callSid: 'CA1', from: '+14155550142', calledNumber: '+16175550100' } }

describe('softphoneReducer', () => {
  it('goes offline → registering → ready → ringing → on a call → ready', () => {
    const phases = [{ type: 'registering' }, { type: 'registered' }, ringing, { type: 'accepted', callSid: 'CA1', direction: 'incoming', peer: '+14155550142', at: 1000 }, { type: 'call-ended' }]
      .map((_, index, all) => run(all.slice(0, index + 1) as SoftphoneEvent[]).phase)
    expect(phases).toEqual(['registering', 'ready', 'ringing', 'on-call', 'ready'])
  })

  it('a reconnect during a call shows, and comes back to the call', () => {
    const onCall = run([{ type: 'registered' }, { type: 'dialing', peer: '+14155550177' }])
    expect(run([{ type: 'reconnecting' }], onCall).phase).toBe('reconnecting')
    expect(run([{ type: 'reconnecting' }, { type: 'reconnected' }], onCall)).toMatchObject({ phase: 'on-call', call: { peer: '+14155550177' } })
  })

  it('leaves no ghost call: a cancel, a failed dial or a lost registration clears it', () => {
    expect(run([{ type: 'registered' }, ringing, { type: 'incoming-gone' }])).toMatchObject({ phase: 'ready', incoming: null })
    expect(run([{ type: 'registered' }, { type: 'dialing', peer: '+1' }, { type: 'error', message: 'no' }, { type: 'call-ended' }])).toMatchObject({ phase: 'ready', call: null, error: 'no' })
    // Losing registration mid-call keeps the call; when it ends the phone shows offline.
    expect(run([{ type: 'registered' }, { type: 'dialing', peer: '+1' }, { type: 'unregistered' }, { type: 'call-ended' }])).toMatchObject({ phase: 'offline', call: null })
  })

  it('offers no second call while on one, and mute applies to the call only', () => {
    const onCall = run([{ type: 'registered' }, { type: 'dialing', peer: '+1' }])
    expect(run([ringing], onCall)).toEqual(onCall)
    expect(run([{ type: 'muted', muted: true }], onCall).call!.muted).toBe(true)
    expect(run([{ type: 'muted', muted: true }]).call).toBeNull()
  })
})
