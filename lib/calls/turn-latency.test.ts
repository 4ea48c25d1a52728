import { describe, expect, it } from 'vitest'
import { percentile, turnLatency } from './turn-latency'

describe('turn latency', () => {
  it('is nothing without turns', () => {
    expect(turnLatency([])).toEqual({ p50Ms: null, p90Ms: null, turns: 0 })
  })

  it('one turn is every percentile', () => {
    expect(turnLatency([420])).toEqual({ p50Ms: 420, p90Ms: 420, turns: 1 })
  })

  it('takes the nearest rank, whatever the order the turns came in', () => {
    const latencies = [900, 100, 500, 300, 700, 200, 800, 400, 1000, 600]
    expect(turnLatency(latencies)).toEqual({ p50Ms: 500, p90Ms: 900, turns: 10 })
    expect(latencies[0]).toBe(900) // the input is left as it was
  })

  it('an even count takes the lower middle for P50, and a slow outlier shows in P90 only once it is over 10%', () => {
    expect(percentile([300, 310, 320, 5000], 50)).toBe(310)
    expect(percentile([300, 310, 320, 5000], 90)).toBe(5000)
    expect(percentile([...Array.from({ length: 19 }, () => 300), 5000], 90)).toBe(300)
  })
})
