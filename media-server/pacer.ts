/**
 * One pacing clock for every call of the process. Each call with audio to send joins it and
 * is woken on every beat; a call with nothing queued leaves, so idle calls cost nothing and the
 * process runs one timer whatever the number of calls, instead of one per call per frame.
 * The beat only wakes the calls: what each sends is worked out from `now()` (playback.ts), so a
 * late or missed beat delays audio but never shifts its schedule.
 */

export interface Pacer {
  /** Milliseconds, monotonic. */
  now(): number
  /** Calls `beat` on every beat until the returned function is called. */
  join(beat: (nowMs: number) => void): () => void
}

/** 20 ms: Twilio's frame. */
export const DEFAULT_BEAT_MS = 20

export class SharedPacer implements Pacer {
  private readonly members = new Set<(nowMs: number) => void>()
  private timer?: NodeJS.Timeout

  constructor(private readonly beatMs = DEFAULT_BEAT_MS) {}

  now(): number {
    return performance.now()
  }

  get size(): number {
    return this.members.size
  }

  join(beat: (nowMs: number) => void): () => void {
    this.members.add(beat)
    this.timer ??= setInterval(() => this.beat(), this.beatMs)
    return () => {
      this.members.delete(beat)
      if (this.members.size === 0 && this.timer) {
        clearInterval(this.timer)
        this.timer = undefined
      }
    }
  }

  private beat(): void {
    const now = performance.now()
    // A member leaving during the loop is skipped; one joining is woken on this beat.
    for (const beat of this.members) beat(now)
  }
}
