/**
 * Streaming resamplers for 16-bit PCM. The 3:1 pairs (Twilio's 8 kHz ↔ OpenAI Realtime's 24 kHz)
 * run on dedicated fixed-point filters and SIMD kernels (ratio3-resampler.ts); every other pair on
 * the general polyphase FIR below.
 *
 * General polyphase FIR: a rational ratio L/M: conceptually upsample by L (zero stuffing), low-pass at the lower Nyquist
 * frequency, keep every M-th sample. Only the taps that meet a real input sample are ever multiplied
 * (the polyphase form), so each output costs ⌈N/L⌉ multiply-adds. The filter is causal: every output
 * depends only on input already received, the last ⌈N/L⌉−1 input samples are carried between calls,
 * so cutting a stream into frames of any size gives bit-for-bit the output of one long block.
 */
import { designLowpass, kaiserLength, type LowpassSpec } from './filter-design'
import { defaultKernels, kernelsNamed, type KernelsName } from './kernels'
import { Decimator3, Interpolator3 } from './ratio3-resampler'

/**
 * Telephone channel: passband to 3.4 kHz of the 4 kHz Nyquist band at 8 kHz (ITU-T G.712), kept as
 * a fraction of the lower Nyquist frequency so that other rate pairs get the same shape.
 */
const PASSBAND_FRACTION = 0.85
/**
 * Kaiser's formulas are estimates: at 61.5 dB design attenuation the 151-tap filter this gives for
 * a 3:1 pair measures ≥ 61 dB from the lower Nyquist frequency up, the smallest that clears 60 dB.
 */
const DESIGN_ATTENUATION_DB = 61.5
/** Upper bound on L and M after reduction: the prototype grows with both (≈ 50 × max(L, M) taps). */
const MAX_RATIO_TERM = 1024
/**
 * The dot product runs four independent sums: V8 then overlaps the multiply-adds instead of
 * waiting on one accumulator (measured ≈ 1.7× faster than a single-sum loop).
 */
const UNROLL = 4

export interface Resampler {
  readonly fromRate: number
  readonly toRate: number
  /** Group delay of the filter, in output samples (an output sample n shows the input at n − latency). */
  readonly latencySamples: number
  /** Resamples one frame; the output is a new array of `outputLength(samples.length)` samples. */
  process(samples: Int16Array): Int16Array
  /** Resamples one frame into `dst` (at least `outputLength(src.length)` long); returns the count written. */
  processInto(src: Int16Array, dst: Int16Array): number
  /** Number of samples the next `process` call will return for an input of `inputLength` samples. */
  outputLength(inputLength: number): number
  /** Forgets the carried history and phase, as if newly created. */
  reset(): void
}

/** Polyphase filter bank for one reduced ratio L/M. */
interface PolyphaseBank {
  upFactor: number // L
  downFactor: number // M
  tapsPerPhase: number // K
  /** Phase p's taps, time-reversed so that they run forward over the input: `coefficients[p * K + j]`. */
  coefficients: Float32Array
  latencySamples: number
}

function greatestCommonDivisor(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b]
  return a
}

function designBank(fromRate: number, toRate: number): PolyphaseBank {
  const divisor = greatestCommonDivisor(fromRate, toRate)
  const upFactor = toRate / divisor
  const downFactor = fromRate / divisor
  if (upFactor > MAX_RATIO_TERM || downFactor > MAX_RATIO_TERM) {
    throw new RangeError(`createResampler: ${fromRate} → ${toRate} Hz reduces to ${upFactor}/${downFactor}, beyond the supported ${MAX_RATIO_TERM}`)
  }
  const lowerNyquist = Math.min(fromRate, toRate) / 2
  const spec: LowpassSpec = {
    sampleRate: fromRate * upFactor,
    passbandHz: PASSBAND_FRACTION * lowerNyquist,
    stopbandHz: lowerNyquist,
    attenuationDb: DESIGN_ATTENUATION_DB,
  }
  // Odd length with (N − 1)/2 a multiple of M: the group delay is a whole number of output samples.
  const delayStep = 2 * downFactor
  const length = Math.ceil((kaiserLength(spec) - 1) / delayStep) * delayStep + 1
  const prototype = designLowpass(spec, length)
  // Rounded up to a multiple of 4 (zero taps at the oldest end) for the 4-way unrolled dot product.
  const tapsPerPhase = Math.ceil(length / upFactor / UNROLL) * UNROLL
  const coefficients = new Float32Array(upFactor * tapsPerPhase)
  for (let phase = 0; phase < upFactor; phase++) {
    // Each phase alone must pass DC at unit gain, or a constant input would come out with a ripple
    // at the input rate (the residue of the stopband at multiples of the input rate).
    let phaseSum = 0
    for (let k = phase; k < length; k += upFactor) phaseSum += prototype[k]
    for (let k = 0; k < tapsPerPhase; k++) {
      const tap = phase + k * upFactor
      coefficients[phase * tapsPerPhase + (tapsPerPhase - 1 - k)] = tap < length ? prototype[tap] / phaseSum : 0
    }
  }
  return { upFactor, downFactor, tapsPerPhase, coefficients, latencySamples: (length - 1) / 2 / downFactor }
}

const banks = new Map<string, PolyphaseBank>()

function bankFor(fromRate: number, toRate: number): PolyphaseBank {
  const key = `${fromRate}:${toRate}`
  let bank = banks.get(key)
  if (!bank) {
    bank = designBank(fromRate, toRate)
    banks.set(key, bank)
  }
  return bank
}

class PolyphaseResampler implements Resampler {
  readonly latencySamples: number
  private readonly history: number
  /** Carried history (the last K − 1 input samples) followed by the current frame. */
  private buffer: Float64Array
  /** Input index (relative to the next frame's first sample) of the newest sample the next output uses. */
  private nextBase = 0
  /** Polyphase branch of the next output, 0 ≤ phase < L. */
  private phase = 0

  constructor(
    readonly fromRate: number,
    readonly toRate: number,
    private readonly bank: PolyphaseBank,
  ) {
    this.latencySamples = bank.latencySamples
    this.history = bank.tapsPerPhase - 1
    this.buffer = new Float64Array(this.history) // grows to history + frame on first use
  }

  outputLength(inputLength: number): number {
    // Outputs fall at upsampled positions t = nextBase·L + phase + n·M; those with t < inputLength·L
    // have all their input.
    const { upFactor, downFactor } = this.bank
    const remaining = inputLength * upFactor - (this.nextBase * upFactor + this.phase)
    return remaining > 0 ? Math.ceil(remaining / downFactor) : 0
  }

  process(samples: Int16Array): Int16Array {
    const output = new Int16Array(this.outputLength(samples.length))
    this.processInto(samples, output)
    return output
  }

  processInto(src: Int16Array, dst: Int16Array): number {
    const inputLength = src.length
    const count = this.outputLength(inputLength)
    if (dst.length < count) throw new RangeError(`processInto: dst holds ${dst.length} samples, need ${count}`)
    const history = this.history
    if (this.buffer.length < history + inputLength) {
      const grown = new Float64Array(history + inputLength)
      grown.set(this.buffer.subarray(0, history))
      this.buffer = grown
    }
    const buffer = this.buffer
    buffer.set(src, history)

    const { upFactor, tapsPerPhase, coefficients } = this.bank
    const baseStep = Math.floor(this.bank.downFactor / upFactor)
    const phaseStep = this.bank.downFactor % upFactor
    let base = this.nextBase
    let phase = this.phase
    for (let out = 0; out < count; out++) {
      // buffer[base + j] is input sample base − (K − 1) + j: the K samples ending at `base`.
      let acc0 = 0
      let acc1 = 0
      let acc2 = 0
      let acc3 = 0
      const offset = phase * tapsPerPhase
      for (let j = 0; j < tapsPerPhase; j += UNROLL) {
        const tap = offset + j
        const sample = base + j
        acc0 += coefficients[tap] * buffer[sample]
        acc1 += coefficients[tap + 1] * buffer[sample + 1]
        acc2 += coefficients[tap + 2] * buffer[sample + 2]
        acc3 += coefficients[tap + 3] * buffer[sample + 3]
      }
      const rounded = Math.round(acc0 + acc1 + (acc2 + acc3))
      dst[out] = rounded > 32767 ? 32767 : rounded < -32768 ? -32768 : rounded
      base += baseStep
      phase += phaseStep
      if (phase >= upFactor) {
        phase -= upFactor
        base++
      }
    }
    this.nextBase = base - inputLength
    this.phase = phase
    buffer.copyWithin(0, inputLength, inputLength + history)
    return count
  }

  reset(): void {
    this.buffer.fill(0)
    this.nextBase = 0
    this.phase = 0
  }
}

class IdentityResampler implements Resampler {
  readonly latencySamples = 0
  constructor(
    readonly fromRate: number,
    readonly toRate: number,
  ) {}
  outputLength(inputLength: number): number {
    return inputLength
  }
  process(samples: Int16Array): Int16Array {
    return samples.slice()
  }
  processInto(src: Int16Array, dst: Int16Array): number {
    if (dst.length < src.length) throw new RangeError(`processInto: dst holds ${dst.length} samples, need ${src.length}`)
    dst.set(src)
    return src.length
  }
  reset(): void {}
}

export interface ResamplerOptions {
  /**
   * Kernels of the 3:1 pairs (8 ↔ 24 kHz): WebAssembly SIMD or JavaScript, identical in output.
   * Defaults to WebAssembly where the runtime has SIMD; the tests and the benchmark pick each.
   */
  kernels?: KernelsName
}

/**
 * A streaming resampler from `fromRate` to `toRate` Hz (positive integers whose reduced ratio terms
 * are at most 1024; equal rates give a pass-through). One instance per direction per call: it
 * carries that stream's history. The 3:1 pairs (the telephone ↔ Realtime 8 ↔ 24 kHz) run on
 * fixed-point filters designed for them (ratio3-filters.ts); other pairs on a general polyphase
 * filter bank designed on first use.
 */
export function createResampler(fromRate: number, toRate: number, options: ResamplerOptions = {}): Resampler {
  checkRates(fromRate, toRate)
  if (fromRate === toRate) return new IdentityResampler(fromRate, toRate)
  const kernels = options.kernels ? kernelsNamed(options.kernels) : defaultKernels
  if (toRate === 3 * fromRate) return new Interpolator3(fromRate, kernels)
  if (fromRate === 3 * toRate) return new Decimator3(fromRate, kernels)
  return new PolyphaseResampler(fromRate, toRate, bankFor(fromRate, toRate))
}

/**
 * The general polyphase filter bank (Float32 taps, Float64 history) for any pair, 3:1 included:
 * what 8 ↔ 24 kHz ran on before the 3:1 filters, kept for the other pairs; the benchmark compares.
 */
export function createGeneralResampler(fromRate: number, toRate: number): Resampler {
  checkRates(fromRate, toRate)
  return fromRate === toRate ? new IdentityResampler(fromRate, toRate) : new PolyphaseResampler(fromRate, toRate, bankFor(fromRate, toRate))
}

function checkRates(fromRate: number, toRate: number): void {
  for (const rate of [fromRate, toRate]) {
    if (!Number.isSafeInteger(rate) || rate <= 0) throw new RangeError(`createResampler: sample rate ${rate} is not a positive integer`)
  }
}
