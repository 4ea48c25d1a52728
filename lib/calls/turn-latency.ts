// The AI receptionist's answer latency (the caller's end of speech to the first assistant audio
// sent to Twilio), summarized as P50 and P90 by the nearest-rank method: each is a latency that
// was measured, never an interpolation between two turns.

export interface TurnLatency {
  p50Ms: number | null
  p90Ms: number | null
  turns: number
}

/** The smallest value with at least `percent`% of the values at or below it; null for none. */
export function percentile(values: readonly number[], percent: number): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.max(1, Math.ceil((percent / 100) * sorted.length))
  return sorted[rank - 1]!
}

export function turnLatency(latenciesMs: readonly number[]): TurnLatency {
  return { p50Ms: percentile(latenciesMs, 50), p90Ms: percentile(latenciesMs, 90), turns: latenciesMs.length }
}
