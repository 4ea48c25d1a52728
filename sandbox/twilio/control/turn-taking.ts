/**
 * A simulated caller who waits for their turn, as a person does: they listen until the other side
 * has spoken and then been quiet for `quietMs`, and only then say their line. Scripted test calls
 * ("the caller asks a question after the greeting") need no timing of their own. Runs on the
 * engine's clock, so tests drive it with a ManualClock.
 */
import type { Clock } from '../clock'
import type { SimulatedPhone } from '../engine/party'

const STEP_MS = 50
/** Heard audio louder than this (RMS of 16-bit samples) counts as speech; quieter than QUIET, as silence. */
const SPEECH_RMS = 500
const QUIET_RMS = 100
/** A caller who hears nothing at all speaks anyway after this long, rather than never. */
const GIVE_UP_MS = 30_000

const rms = (samples: Int16Array) => Math.sqrt(samples.reduce((sum, s) => sum + s * s, 0) / Math.max(samples.length, 1))

export function speakWhenQuiet(phone: SimulatedPhone, clock: Clock, audio: { samples: Int16Array; text?: string }, quietMs: number): void {
  const since = clock.now()
  let heardSpeech = false
  const listen = () => {
    if (!phone.isConnected) return
    const now = clock.now()
    if (!heardSpeech) heardSpeech = rms(phone.heard.window(Math.max(since, now - 4 * STEP_MS), now)) > SPEECH_RMS
    const turnIsOurs = heardSpeech && now - since >= quietMs && rms(phone.heard.window(now - quietMs, now)) < QUIET_RMS
    if (turnIsOurs || now - since >= GIVE_UP_MS) {
      phone.speak(audio.samples, audio.text)
      return
    }
    clock.setTimeout(listen, STEP_MS)
  }
  clock.setTimeout(listen, STEP_MS)
}
