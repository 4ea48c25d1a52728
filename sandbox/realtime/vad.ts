/**
 * Server VAD over the audio written to `input_audio_buffer`: an energy detector on 10 ms
 * frames, driven purely by audio time (no wall clock), so tests feed audio as fast as they
 * like. OpenAI documents the knobs but not its model: `threshold` (0–1, default 0.5, higher
 * needs louder audio), `prefix_padding_ms` (audio kept before detected speech, default 300)
 * and `silence_duration_ms` (silence that ends speech, default 500). Our mapping of
 * `threshold` onto loudness is ours: −60 dBFS at 0 up to −10 dBFS at 1 (−35 dBFS at the
 * default), which separates telephone speech (about −30 to −15 dBFS) from line noise.
 */
import { rmsDbfs } from './pcm'

export interface VadSettings {
  threshold: number
  prefixPaddingMs: number
  silenceDurationMs: number
}

export type VadTransition =
  /** `audioStartMs` already includes the prefix padding, as OpenAI's `audio_start_ms` does. */
  | { kind: 'speech_started'; audioStartMs: number }
  /** `audioEndMs` includes the trailing silence, as OpenAI's `audio_end_ms` does. */
  | { kind: 'speech_stopped'; audioEndMs: number }

const FRAME_MS = 10
/** Speech must persist this long before it counts, so a click or a codec pop does not barge in. */
const MIN_SPEECH_MS = 60

export function thresholdDbfs(threshold: number): number {
  return -60 + 50 * threshold
}

export class EnergyVad {
  private readonly frameLength: number
  private readonly pending: number[] = []
  private writtenMs = 0
  private floorMs = 0
  private speaking = false
  private speechRunMs = 0
  private silenceRunMs = 0

  /** `startMs`: where this detector's audio begins on the session's audio clock. */
  constructor(
    private readonly settings: VadSettings,
    sampleRate: number,
    startMs = 0,
  ) {
    this.frameLength = (sampleRate * FRAME_MS) / 1000
    this.writtenMs = startMs
    this.floorMs = startMs
  }

  get isSpeaking(): boolean {
    return this.speaking
  }

  /** Milliseconds of audio written since the session started. */
  get positionMs(): number {
    return this.writtenMs + (this.pending.length / this.frameLength) * FRAME_MS
  }

  /** Forgets detection state after a commit or clear; speech cannot start before `atMs`. */
  restartAt(atMs: number): void {
    this.floorMs = atMs
    this.speaking = false
    this.speechRunMs = 0
    this.silenceRunMs = 0
  }

  push(samples: Int16Array): VadTransition[] {
    const transitions: VadTransition[] = []
    for (const sample of samples) this.pending.push(sample)
    const threshold = thresholdDbfs(this.settings.threshold)
    let start = 0
    for (; start + this.frameLength <= this.pending.length; start += this.frameLength) {
      const frame = Int16Array.from(this.pending.slice(start, start + this.frameLength))
      this.writtenMs += FRAME_MS
      const transition = this.onFrame(rmsDbfs(frame) > threshold)
      if (transition) transitions.push(transition)
    }
    this.pending.splice(0, start)
    return transitions
  }

  private onFrame(loud: boolean): VadTransition | undefined {
    if (!this.speaking) {
      this.speechRunMs = loud ? this.speechRunMs + FRAME_MS : 0
      if (this.speechRunMs < MIN_SPEECH_MS) return undefined
      this.speaking = true
      this.silenceRunMs = 0
      const onsetMs = this.writtenMs - this.speechRunMs
      return { kind: 'speech_started', audioStartMs: Math.max(this.floorMs, onsetMs - this.settings.prefixPaddingMs) }
    }
    this.silenceRunMs = loud ? 0 : this.silenceRunMs + FRAME_MS
    if (this.silenceRunMs < this.settings.silenceDurationMs) return undefined
    this.speaking = false
    this.speechRunMs = 0
    return { kind: 'speech_stopped', audioEndMs: this.writtenMs }
  }
}
