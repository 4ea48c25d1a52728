/** Connects two legs' audio: what each party says, the other hears, at the same clock time. */
import type { CallSession } from './call-session'
import type { AudioSegment } from '../audio/track'

export function bridge(a: CallSession, b: CallSession): () => void {
  a.bridgedTo = b
  b.bridgedTo = a
  const aToB = (segment: AudioSegment) => b.party.hear(segment.samples, segment.atMs)
  const bToA = (segment: AudioSegment) => a.party.hear(segment.samples, segment.atMs)
  a.party.on('speech', aToB)
  b.party.on('speech', bToA)
  a.ctx.log.add(a.sid, 'dial', `bridged with ${b.sid}`, { callSid: b.sid })
  return () => {
    a.party.off('speech', aToB)
    b.party.off('speech', bToA)
    a.bridgedTo = null
    b.bridgedTo = null
  }
}
