/**
 * Calls `onTick` every `intervalMs` without drift: tick k is due at start + k·interval, computed
 * from the start rather than by chaining intervals, so late ticks do not push later ones back.
 */
import type { Clock, Timer } from '../clock'

export interface Pacer {
  stop(): void
}

export function startPacer(clock: Clock, intervalMs: number, onTick: (index: number) => void): Pacer {
  const startMs = clock.now()
  let index = 0
  let timer: Timer | null = null
  let stopped = false
  const schedule = () => {
    const dueMs = startMs + index * intervalMs
    timer = clock.setTimeout(() => {
      if (stopped) return
      onTick(index++)
      if (!stopped) schedule()
    }, Math.max(0, dueMs - clock.now()))
  }
  schedule()
  return {
    stop() {
      stopped = true
      if (timer) clock.clearTimeout(timer)
    },
  }
}
