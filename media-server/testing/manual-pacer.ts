/**
 * A pacer (../pacer.ts) that moves only when a test says so: `advance(ms)` beats every
 * `beatMs` up to the target, `stall(ms)` jumps the clock with no beat in between (an event loop
 * blocked for that long), so pacing is tested without sleeping or asserting wall-clock time.
 */
import { DEFAULT_BEAT_MS, type Pacer } from '../pacer'

export class ManualPacer implements Pacer {
  private current = 0
  private readonly members = new Set<(nowMs: number) => void>()

  constructor(private readonly beatMs = DEFAULT_BEAT_MS) {}

  now(): number {
    return this.current
  }

  /** Calls currently waiting for beats. */
  get size(): number {
    return this.members.size
  }

  join(beat: (nowMs: number) => void): () => void {
    this.members.add(beat)
    return () => this.members.delete(beat)
  }

  /** Moves time on by `ms`, beating on every multiple of the beat period on the way. */
  advance(ms: number): void {
    const target = this.current + ms
    for (let next = (Math.floor(this.current / this.beatMs) + 1) * this.beatMs; next <= target; next += this.beatMs) {
      this.current = next
      for (const beat of this.members) beat(next)
    }
    this.current = target
  }

  /** Moves time on by `ms` without a beat (the event loop was blocked), then beats once. */
  stall(ms: number): void {
    this.current += ms
    for (const beat of this.members) beat(this.current)
  }
}
