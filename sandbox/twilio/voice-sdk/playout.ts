/**
 * What a device hears, cut into 20 ms frames on the engine clock. Audio handed to the party is
 * kept until played; overlapping audio for the same times (a bridge and a conference's other
 * speakers) is mixed. Audio that arrives for times already played (the engine delivers a <Say>
 * once it has played it) starts at the next unplayed moment, after any other late audio, so it
 * is heard whole rather than lost.
 */
import { durationMs, mixSegments, type AudioSegment } from '../audio/track'

export const FRAME_MS = 20

export class Playout {
  private segments: AudioSegment[] = []
  private lateUntilMs = -Infinity

  constructor(private cursorMs: number) {}

  /** The engine time the next frame starts at. */
  get nextFrameMs(): number {
    return this.cursorMs
  }

  add(samples: Int16Array, atMs: number): void {
    let placedMs = atMs
    if (atMs < this.cursorMs) {
      placedMs = Math.max(this.cursorMs, this.lateUntilMs)
      this.lateUntilMs = placedMs + durationMs(samples)
    }
    this.segments.push({ atMs: placedMs, samples })
  }

  /** The next frame (silence where nothing plays); forgets audio that has been played. */
  nextFrame(): Int16Array {
    const fromMs = this.cursorMs
    this.cursorMs += FRAME_MS
    const frame = mixSegments(this.segments, fromMs, this.cursorMs)
    this.segments = this.segments.filter((s) => s.atMs + durationMs(s.samples) > this.cursorMs)
    return frame
  }

  /** Jumps ahead (the engine clock leapt, e.g. a ManualClock advance): what lies before `ms` is not played. */
  skipTo(ms: number): void {
    this.cursorMs = Math.max(this.cursorMs, ms)
  }
}
