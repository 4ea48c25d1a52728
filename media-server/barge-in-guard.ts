/**
 * Whether the caller is really interrupting. Server VAD reports the start of anything loud: a
 * cough, a short "mhm", a door, line noise. Stopping the assistant for each makes a receptionist
 * that keeps breaking off mid-sentence, the complaint most heard about voice agents on phone
 * lines. So after `speech_started` the bridge listens to the caller's own frames: it barges in
 * once `minSpeechMs` of them are voiced, and lets the answer go on if the sound dies away first.
 * A real interruption costs `minSpeechMs` more before the assistant stops; 0 barges in at once.
 */
import { mulawDecode } from './audio/index'

/** A cough or an "mhm" is shorter; the assistant stops this much later for a real interruption. */
export const DEFAULT_MIN_BARGE_IN_MS = 200

/** Voiced: louder than this (RMS, dBFS) — telephone speech runs about −30 to −15 dBFS. */
const VOICED_DBFS = -40
/** After this much more listening without enough voice, it was not an interruption. */
const GRACE_MS = 200

export type GuardVerdict = 'interrupt' | 'noise' | 'listening'

export class BargeInGuard {
  private listening = false
  private voicedMs = 0
  private heardMs = 0

  constructor(readonly minSpeechMs: number) {}

  get isListening(): boolean {
    return this.listening
  }

  /** Server VAD heard something start: interrupt at once, or listen first. */
  speechStarted(): GuardVerdict {
    if (this.minSpeechMs <= 0) return 'interrupt'
    this.listening = true
    this.voicedMs = 0
    this.heardMs = 0
    return 'listening'
  }

  /** A caller frame (μ-law) while listening. */
  frame(mulaw: Uint8Array, frameMs: number): GuardVerdict {
    if (!this.listening) return 'noise'
    this.heardMs += frameMs
    if (levelDbfs(mulaw) >= VOICED_DBFS) this.voicedMs += frameMs
    if (this.voicedMs >= this.minSpeechMs) return this.decide('interrupt')
    if (this.heardMs >= this.minSpeechMs + GRACE_MS) return this.decide('noise')
    return 'listening'
  }

  /** Server VAD heard the sound end before it counted as speech. */
  speechStopped(): GuardVerdict {
    return this.listening ? this.decide('noise') : 'noise'
  }

  private decide(verdict: GuardVerdict): GuardVerdict {
    this.listening = false
    return verdict
  }
}

function levelDbfs(mulaw: Uint8Array): number {
  const samples = mulawDecode(mulaw)
  let sum = 0
  for (const sample of samples) sum += sample * sample
  const rms = Math.sqrt(sum / Math.max(1, samples.length))
  return rms === 0 ? -Infinity : 20 * Math.log10(rms / 32768)
}
