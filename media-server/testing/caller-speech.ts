/** What a simulated caller says: the stand-in's shipped clips as Twilio's 20 ms μ-law frames. */
import { loadClip } from '../../sandbox/realtime/index'
import { mulawEncode } from '../audio/index'
import { FRAME_BYTES, MULAW_SILENCE } from '../twilio-stream'

/** The caller's shipped question clip as 8 kHz μ-law frames, after `leadFrames` of silence. */
export function callerQuestion(leadFrames: number): (index: number) => Uint8Array {
  const speech = mulawEncode(loadClip('caller-question').samples)
  return (index) => {
    const offset = (index - leadFrames) * FRAME_BYTES
    if (offset < 0 || offset >= speech.length) return new Uint8Array(FRAME_BYTES).fill(MULAW_SILENCE)
    const frame = new Uint8Array(FRAME_BYTES).fill(MULAW_SILENCE)
    frame.set(speech.subarray(offset, offset + FRAME_BYTES))
    return frame
  }
}
