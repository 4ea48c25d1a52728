/**
 * Buffers the caller's key presses for the life of one verb, so several digits sent at once
 * (or a key that interrupts a prompt) are all seen, in order.
 */
import type { CallSession } from './call-session'

export class DigitQueue {
  private readonly queue: string[] = []
  private readonly arrivalListeners = new Set<() => void>()
  private readonly unsubscribe: () => void

  constructor(private readonly session: CallSession) {
    this.unsubscribe = session.onDigit((digit) => {
      this.queue.push(digit)
      for (const listener of [...this.arrivalListeners]) listener()
    })
  }

  take(): string | undefined {
    return this.queue.shift()
  }

  /** Resolves true as soon as a digit is buffered, false after `ms` without one. */
  async wait(ms: number, signal: AbortSignal): Promise<boolean> {
    if (this.queue.length > 0) return true
    const arrived = await this.session.waitFor<true>(ms, signal, (done) => this.onArrival(() => done(true)))
    return arrived === true
  }

  /** Calls `listener` whenever a digit is buffered; returns the unsubscribe function. */
  onArrival(listener: () => void): () => void {
    this.arrivalListeners.add(listener)
    return () => this.arrivalListeners.delete(listener)
  }

  close(): void {
    this.unsubscribe()
  }
}
