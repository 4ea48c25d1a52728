/**
 * Kaiser-windowed sinc low-pass design (Kaiser & Schafer; formulas as in Oppenheim & Schafer,
 * "Discrete-Time Signal Processing", §7.5.3): β from the stopband attenuation, length from the
 * attenuation and the transition width.
 */

export interface LowpassSpec {
  /** Sample rate the filter runs at, Hz. */
  sampleRate: number
  /** Upper edge of the passband, Hz. */
  passbandHz: number
  /** Lower edge of the stopband, Hz. */
  stopbandHz: number
  /** Design stopband attenuation, dB (drives β and, unless given, the length). */
  attenuationDb: number
}

/** Modified Bessel function of the first kind, order 0, by its power series (converges fast for x ≤ 20). */
function besselI0(x: number): number {
  const quarterSquare = (x * x) / 4
  let term = 1
  let sum = 1
  for (let k = 1; term > sum * 1e-17; k++) {
    term *= quarterSquare / (k * k)
    sum += term
  }
  return sum
}

/** Kaiser's empirical β for a given stopband attenuation. */
export function kaiserBeta(attenuationDb: number): number {
  if (attenuationDb > 50) return 0.1102 * (attenuationDb - 8.7)
  if (attenuationDb >= 21) return 0.5842 * (attenuationDb - 21) ** 0.4 + 0.07886 * (attenuationDb - 21)
  return 0
}

/** Kaiser's estimate of the number of taps: N − 1 = (A − 7.95) / (2.285 · Δω). */
export function kaiserLength(spec: LowpassSpec): number {
  const transitionRadians = (2 * Math.PI * (spec.stopbandHz - spec.passbandHz)) / spec.sampleRate
  return Math.ceil((spec.attenuationDb - 7.95) / (2.285 * transitionRadians)) + 1
}

/**
 * Linear-phase low-pass with its cutoff halfway through the transition band and unit DC gain.
 * `length` defaults to Kaiser's estimate.
 */
export function designLowpass(spec: LowpassSpec, length = kaiserLength(spec)): Float64Array {
  const cutoff = (spec.passbandHz + spec.stopbandHz) / 2 / spec.sampleRate // cycles per sample
  const beta = kaiserBeta(spec.attenuationDb)
  const centre = (length - 1) / 2
  const windowNorm = besselI0(beta)
  const taps = new Float64Array(length)
  let sum = 0
  for (let n = 0; n < length; n++) {
    const offset = n - centre
    const sinc = offset === 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * offset) / (Math.PI * offset)
    const ratio = centre === 0 ? 0 : offset / centre
    const window = besselI0(beta * Math.sqrt(Math.max(0, 1 - ratio * ratio))) / windowNorm
    taps[n] = sinc * window
    sum += taps[n]
  }
  for (let n = 0; n < length; n++) taps[n] /= sum
  return taps
}

/** |H(f)| of an FIR filter in dB (0 dB = unit gain). */
export function magnitudeResponseDb(taps: ArrayLike<number>, frequencyHz: number, sampleRate: number): number {
  const omega = (2 * Math.PI * frequencyHz) / sampleRate
  let re = 0
  let im = 0
  for (let n = 0; n < taps.length; n++) {
    re += taps[n] * Math.cos(omega * n)
    im -= taps[n] * Math.sin(omega * n)
  }
  return 10 * Math.log10(re * re + im * im)
}
