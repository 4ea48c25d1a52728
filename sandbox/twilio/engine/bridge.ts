/**
 * Connects two legs' audio: what each party says, the other hears, at the same clock time. Keys
 * pressed on one leg reach the other as their tones, as on a Twilio <Dial> bridge, where DTMF is
 * passed through between the legs (so an agent can work a called party's phone menu).
 */
import type { CallSession } from './call-session'
import type { AudioSegment } from '../audio/track'
import { dtmfTone } from '../audio/tones'

export function bridge(a: CallSession, b: CallSession): () => void {
  a.bridgedTo = b
  b.bridgedTo = a
  const aToB = (segment: AudioSegment) => b.party.hear(segment.samples, segment.atMs)
  const bToA = (segment: AudioSegment) => a.party.hear(segment.samples, segment.atMs)
  const aKeysToB = (digit: string) => b.party.hear(dtmfTone(digit), a.ctx.clock.now())
  const bKeysToA = (digit: string) => a.party.hear(dtmfTone(digit), a.ctx.clock.now())
  a.party.on('speech', aToB)
  b.party.on('speech', bToA)
  a.party.on('dtmf', aKeysToB)
  b.party.on('dtmf', bKeysToA)
  a.ctx.log.add(a.sid, 'dial', `bridged with ${b.sid}`, { callSid: b.sid })
  return () => {
    a.party.off('speech', aToB)
    b.party.off('speech', bToA)
    a.party.off('dtmf', aKeysToB)
    b.party.off('dtmf', bKeysToA)
    a.bridgedTo = null
    b.bridgedTo = null
  }
}
