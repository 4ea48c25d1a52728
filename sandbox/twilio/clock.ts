/**
 * Time for the sandbox. The call engine reads every ring time, dial timeout, gather/record
 * timeout and call duration from a Clock, so tests can run a whole call with a ManualClock
 * without sleeping. Media Streams pacing deliberately uses real time (see engine/media-stream.ts).
 */

export interface Timer {
  readonly dueMs: number
}

export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number
  setTimeout(fn: () => void, ms: number): Timer
  clearTimeout(timer: Timer): void
}

class RealTimer implements Timer {
  constructor(
    readonly dueMs: number,
    readonly handle: ReturnType<typeof setTimeout>,
  ) {}
}

export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    return new RealTimer(Date.now() + ms, setTimeout(fn, Math.max(0, ms)))
  },
  clearTimeout(timer) {
    if (timer instanceof RealTimer) clearTimeout(timer.handle)
  },
}

interface ManualTimer extends Timer {
  readonly order: number
  readonly fn: () => void
}

/**
 * Resolves once the work it tracks (HTTP requests, speech synthesis) has finished; resolves
 * true if there was any work to wait for.
 */
export type Settler = () => Promise<boolean>

/**
 * A clock that only moves when told. `advance(ms)` fires due timers in time order; between
 * timers it lets promise callbacks run and waits for every registered settler (the engine
 * registers one that resolves when no webhook request or synthesis is in flight), so a timer's
 * consequences — e.g. the Dial action request after a no-answer timeout — happen before the
 * next timer fires, as they would in real time.
 */
export class ManualClock implements Clock {
  private current: number
  private timers: ManualTimer[] = []
  private nextOrder = 0
  private readonly settlers = new Set<Settler>()

  constructor(startMs = Date.UTC(2026, 0, 1, 12, 0, 0)) {
    this.current = startMs
  }

  now(): number {
    return this.current
  }

  setTimeout(fn: () => void, ms: number): Timer {
    const timer: ManualTimer = { dueMs: this.current + Math.max(0, ms), order: this.nextOrder++, fn }
    this.timers.push(timer)
    return timer
  }

  clearTimeout(timer: Timer): void {
    this.timers = this.timers.filter((t) => t !== timer)
  }

  addSettler(settler: Settler): () => void {
    this.settlers.add(settler)
    return () => this.settlers.delete(settler)
  }

  /** Number of timers not yet fired (for tests that check nothing is left behind). */
  pendingTimers(): number {
    return this.timers.length
  }

  async advance(ms: number): Promise<void> {
    const target = this.current + ms
    await this.settle()
    for (;;) {
      const next = this.earliestDue(target)
      if (!next) break
      this.timers = this.timers.filter((t) => t !== next)
      this.current = Math.max(this.current, next.dueMs)
      next.fn()
      await this.settle()
    }
    this.current = target
    await this.settle()
  }

  /** Lets pending promise callbacks and tracked I/O finish without moving time. */
  async settle(): Promise<void> {
    for (;;) {
      await new Promise<void>((resolve) => setImmediate(resolve))
      const waited = await Promise.all([...this.settlers].map((settler) => settler()))
      await new Promise<void>((resolve) => setImmediate(resolve))
      if (!waited.includes(true)) return
    }
  }

  private earliestDue(limit: number): ManualTimer | undefined {
    let best: ManualTimer | undefined
    for (const timer of this.timers) {
      if (timer.dueMs > limit) continue
      if (!best || timer.dueMs < best.dueMs || (timer.dueMs === best.dueMs && timer.order < best.order)) best = timer
    }
    return best
  }
}
