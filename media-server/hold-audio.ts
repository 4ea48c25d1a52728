/**
 * What the caller hears while the Realtime connection is being re-established: a soft
 * two-note chime followed by silence, generated here (no file, no fetch) and looped by the
 * bridge until the assistant is back or the call is handed back.
 */
import { mulawEncode } from './audio/index'

const RATE = 8000
const NOTE_MS = 180
const FADE_MS = 15
const GAP_MS = 40
const SILENCE_MS = 1000
/** About −20 dBFS: audible, well below the assistant's speech. */
const AMPLITUDE = 0.1 * 32767
/** C5 then E5. */
const NOTES_HZ = [523.25, 659.25]

export function holdChime(): Uint8Array {
  const noteSamples = (NOTE_MS * RATE) / 1000
  const gapSamples = (GAP_MS * RATE) / 1000
  const fadeSamples = (FADE_MS * RATE) / 1000
  const samples = new Int16Array(NOTES_HZ.length * (noteSamples + gapSamples) + (SILENCE_MS * RATE) / 1000)
  NOTES_HZ.forEach((frequency, note) => {
    const offset = note * (noteSamples + gapSamples)
    for (let i = 0; i < noteSamples; i++) {
      // Linear fades avoid the clicks of a tone switched on and off abruptly.
      const envelope = Math.min(1, i / fadeSamples, (noteSamples - i) / fadeSamples)
      samples[offset + i] = Math.round(AMPLITUDE * envelope * Math.sin((2 * Math.PI * frequency * i) / RATE))
    }
  })
  return mulawEncode(samples)
}
