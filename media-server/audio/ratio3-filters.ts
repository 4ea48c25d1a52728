/**
 * The two fixed-point filters of the 3:1 resamplers (8 kHz ↔ 24 kHz, or any pair with that ratio:
 * frequencies below are given for 8 ↔ 24 kHz and scale with the rates).
 *
 * Coefficients are Q15 integers and the input is int16, so every output is an exact integer sum
 * of products: the WebAssembly kernel (i32x4.dot_i16x8_s) and the JavaScript kernel (which folds
 * the symmetric taps) compute the very same number in any order, and the rounding is one shift.
 *
 * Lengths and Kaiser parameters were chosen by measuring the quantised filters (the smallest that
 * keep ≥ 60 dB with a few dB to spare, and ≥ 70 dB SNR at 1 kHz); the tests hold the thresholds.
 */
import { designLowpass } from './filter-design'

/** Coefficients are scaled by 2^15; outputs are (sum + 2^14) >> 15, i.e. rounded half up. */
export const COEFFICIENT_BITS = 15
const UNITY = 1 << COEFFICIENT_BITS
/** Kernels take whole 8-lane (i16x8) chunks; shorter filters are padded with zero taps. */
export const TAP_CHUNK = 8

export interface InterpolatorFilter {
  /** K: input samples in each output's window (a multiple of 8). */
  readonly windowLength: number
  /**
   * Phase 1 (the output a third of an input period after each input), oldest sample first; phase 2
   * is its mirror image, `phase2[q] = phase1[K − 1 − q]`. Phase 0 is a pure delay (see below).
   */
  readonly phase1: Int16Array
  readonly phase2: Int16Array
  /** Phase 0 passes the input through: its output is the window's sample K/2 − 1. */
  readonly delayTap: number
  /** Group delay in output samples. */
  readonly latencySamples: number
}

export interface DecimatorFilter {
  /** P: input samples in each output's window (a multiple of 8; zero taps at the oldest end). */
  readonly windowLength: number
  /** The taps over the window, oldest sample first (symmetric apart from the leading zeros). */
  readonly taps: Int16Array
  /** Leading zero taps, and the symmetric filter's length after them. */
  readonly padding: number
  readonly length: number
  /** Group delay in output samples. */
  readonly latencySamples: number
}

/**
 * Scales `values` to unit sum and rounds them to Q15 so that they sum to exactly 1.0: a constant
 * input then comes out exactly. The rounding residue goes on the largest tap.
 */
function toQ15WithUnitSum(values: readonly number[]): number[] {
  const sum = values.reduce((total, value) => total + value, 0)
  const quantised = values.map((value) => Math.round((value / sum) * UNITY))
  const residue = UNITY - quantised.reduce((sum, tap) => sum + tap, 0)
  let largest = 0
  for (let i = 1; i < values.length; i++) if (Math.abs(values[i]) > Math.abs(values[largest])) largest = i
  quantised[largest] += residue
  return quantised
}

/**
 * The kernels add products in 32-bit lanes: lane l of an i16x8 dot product holds taps 8j + 2l and
 * 8j + 2l + 1. Each lane's worst case (every sample at full scale with the tap's sign) must fit in
 * int32; the four lanes are then added in 64 bits.
 */
function assertLanesFit(taps: Int16Array): void {
  for (let lane = 0; lane < 4; lane++) {
    let worst = 0
    for (let k = 2 * lane; k < taps.length; k += TAP_CHUNK) worst += (Math.abs(taps[k]) + Math.abs(taps[k + 1] ?? 0)) * 32768
    if (worst > 2 ** 31 - 1) throw new Error(`resampler filter: lane ${lane} can reach ${worst}, beyond int32`)
  }
}

/**
 * Interpolator (×3): a third-band Nyquist filter, cutoff at the input's Nyquist frequency (4 kHz),
 * transition 3.4 → 4.6 kHz. Its taps are zero at every third sample from the centre, so one phase
 * of three is the input itself and costs nothing; the images of the telephone band (0–3.4 kHz) lie
 * at 4.6 kHz and above, where it is ≥ 74 dB down (quantised, measured).
 */
export function designInterpolator(): InterpolatorFilter {
  const half = 16 // M: each phase has K = 2M taps
  const windowLength = 2 * half
  const length = 6 * half - 1
  const centre = (length - 1) / 2
  // Relative to 24 kHz: passband 3.4k, stopband 4.6k, cutoff (their mean) exactly 4k = rate / 6.
  const prototype = designLowpass({ sampleRate: 6, passbandHz: 0.85, stopbandHz: 1.15, attenuationDb: 76 }, length)
  // Window position q (oldest first) of phase 1 meets the prototype at 3M − 2 − 3q from the centre.
  const phase1 = Int16Array.from(toQ15WithUnitSum(Array.from({ length: windowLength }, (_, q) => prototype[centre + 3 * half - 2 - 3 * q])))
  const phase2 = phase1.slice().reverse()
  assertLanesFit(phase1)
  return { windowLength, phase1, phase2, delayTap: half - 1, latencySamples: 3 * half }
}

/**
 * Decimator (÷3): low-pass at the output rate, passband to 3.4 kHz (−0.2 dB at its edge), ≥ 65 dB
 * down from 4.1 kHz on, so nothing that folds into 0–3.9 kHz comes back louder than −60 dB.
 */
export function designDecimator(): DecimatorFilter {
  const length = 127 // odd, (N − 1)/2 a multiple of 3: a whole-sample delay at the output rate
  const padding = Math.ceil(length / TAP_CHUNK) * TAP_CHUNK - length
  const prototype = designLowpass({ sampleRate: 24, passbandHz: 3.4, stopbandHz: 3.975, attenuationDb: 67 }, length)
  const centre = (length - 1) / 2
  // Quantise one half and mirror it, so that the taps stay exactly symmetric (the JS kernel folds them).
  const halfTaps = toQ15WithHalfSum(Array.from(prototype.subarray(0, centre + 1)))
  const taps = new Int16Array(padding + length)
  for (let k = 0; k <= centre; k++) {
    taps[padding + k] = halfTaps[k]
    taps[padding + length - 1 - k] = halfTaps[k]
  }
  assertLanesFit(taps)
  return { windowLength: taps.length, taps, padding, length, latencySamples: centre / 3 }
}

/** Like `toQ15WithUnitSum` for the first half (up to the centre) of a symmetric filter of unit sum. */
function toQ15WithHalfSum(firstHalf: readonly number[]): number[] {
  const centre = firstHalf.length - 1
  const quantised = firstHalf.map((value) => Math.round(value * UNITY))
  const total = quantised.reduce((sum, tap, k) => sum + (k === centre ? tap : 2 * tap), 0)
  quantised[centre] += UNITY - total // the centre tap is the largest and counts once
  return quantised
}
