import { describe, expect, it } from 'vitest'
import { designLowpass, kaiserBeta, kaiserLength, magnitudeResponseDb, type LowpassSpec } from './filter-design'

// The telephone-band filter the 8 kHz ↔ 24 kHz resampler runs at 24 kHz.
const telephoneBand: LowpassSpec = { sampleRate: 24000, passbandHz: 3400, stopbandHz: 4000, attenuationDb: 61.5 }

function worstDb(taps: Float64Array, fromHz: number, toHz: number, measure: (db: number) => number): number {
  let worst = -Infinity
  for (let f = fromHz; f <= toHz; f += 5) worst = Math.max(worst, measure(magnitudeResponseDb(taps, f, telephoneBand.sampleRate)))
  return worst
}

describe('Kaiser window design', () => {
  it("uses Kaiser's β formula in both attenuation ranges", () => {
    expect(kaiserBeta(60)).toBeCloseTo(0.1102 * 51.3, 10)
    expect(kaiserBeta(40)).toBeCloseTo(0.5842 * 19 ** 0.4 + 0.07886 * 19, 10)
    expect(kaiserBeta(20)).toBe(0)
  })

  it('estimates 151 taps for the telephone band at 61.5 dB', () => {
    expect(kaiserLength(telephoneBand)).toBe(151)
  })

  it('gives a symmetric (linear-phase) filter with unit DC gain', () => {
    const taps = designLowpass(telephoneBand)
    for (let n = 0; n < taps.length; n++) expect(taps[n]).toBeCloseTo(taps[taps.length - 1 - n], 15)
    expect(taps.reduce((sum, tap) => sum + tap, 0)).toBeCloseTo(1, 12)
  })

  it('keeps the passband within 0.01 dB and the stopband 60 dB down', () => {
    const taps = designLowpass(telephoneBand)
    expect(worstDb(taps, 0, 3400, Math.abs)).toBeLessThan(0.01)
    expect(worstDb(taps, 4000, 12000, (db) => db)).toBeLessThan(-60)
  })
})
