/**
 * The inner loops of the 3:1 resamplers, in two interchangeable implementations: WebAssembly SIMD
 * (kernels.wat) and plain JavaScript. Both compute exact integer sums of Q15 taps × int16 samples
 * (see ratio3-filters.ts), so their outputs are identical; the WebAssembly one is chosen at start-up
 * when the runtime has WebAssembly SIMD, the JavaScript one otherwise.
 *
 * A kernel set owns a workspace: the resampler writes its carried history followed by the frame into
 * `input`, calls a kernel, and reads `output`. Calls are synchronous, so one workspace serves every
 * resampler of the process.
 */
import { readFileSync } from 'node:fs'
import { COEFFICIENT_BITS, designDecimator, designInterpolator, type DecimatorFilter, type InterpolatorFilter } from './ratio3-filters'

export type KernelsName = 'wasm' | 'js'

export interface Ratio3Kernels {
  readonly name: KernelsName
  readonly interpolator: InterpolatorFilter
  readonly decimator: DecimatorFilter
  /** Largest frame (input samples) one kernel call takes; resamplers split longer frames. */
  readonly maxFrame: number
  readonly input: Int16Array
  readonly output: Int16Array
  /** ×3: for n < count, window input[n .. n + K) → output[3n], output[3n + 1], output[3n + 2]. */
  interpolate(count: number): void
  /** ÷3: for m < count, window input[first + 3m .. first + 3m + P) → output[m]. */
  decimate(first: number, count: number): void
}

export const MAX_FRAME = 4096
const ROUNDING = 1 << (COEFFICIENT_BITS - 1)
const SCALE = 1 << COEFFICIENT_BITS

const interpolator = designInterpolator()
const decimator = designDecimator()
const inputCapacity = MAX_FRAME + Math.max(interpolator.windowLength, decimator.windowLength) - 1
const outputCapacity = 3 * MAX_FRAME

/** Q15 sum → int16, rounded half up and saturated; exact for any sum below 2^53. */
function toSample(sum: number): number {
  const sample = Math.floor((sum + ROUNDING) / SCALE)
  return sample > 32767 ? 32767 : sample < -32768 ? -32768 : sample
}

/**
 * JavaScript kernels. Integer arithmetic is exact in doubles here, so they fold the filters'
 * symmetry (half the multiplications) and still agree with the WebAssembly kernels bit for bit:
 * - ÷3: h[k] = h[N − 1 − k], so h[k]·(x[k] + x[N − 1 − k]);
 * - ×3: phase 2 is phase 1 reversed, so their sum and difference each need only K/2 products:
 *   y1 + y2 = Σ (a[q] + a[K−1−q])(x[q] + x[K−1−q]), y1 − y2 = Σ (a[q] − a[K−1−q])(x[q] − x[K−1−q]).
 * Each pass computes two outputs, sharing every tap's load. The loops are plain functions of their
 * arrays: read from a closure instead, the ÷3 loop ran ≈ 1.5× slower (measured, V8 11.3).
 */
function createJsKernels(): Ratio3Kernels {
  const input = new Int16Array(inputCapacity)
  const output = new Int16Array(outputCapacity)
  const { windowLength, delayTap, phase1 } = interpolator
  const half = windowLength / 2
  const phaseSum = Float64Array.from({ length: half }, (_, q) => phase1[q] + phase1[windowLength - 1 - q])
  const phaseDifference = Float64Array.from({ length: half }, (_, q) => phase1[q] - phase1[windowLength - 1 - q])
  const { padding, length } = decimator
  const foldedTaps = Float64Array.from(decimator.taps.subarray(padding, padding + (length + 1) / 2))
  return {
    name: 'js',
    interpolator,
    decimator,
    maxFrame: MAX_FRAME,
    input,
    output,
    interpolate: (count) => interpolateJs(input, output, phaseSum, phaseDifference, delayTap, count),
    decimate: (first, count) => decimateJs(input, output, foldedTaps, first + padding, length, count),
  }
}

/** ×3 over windows of 2 × `phaseSum.length` samples; see createJsKernels. */
function interpolateJs(input: Int16Array, output: Int16Array, phaseSum: Float64Array, phaseDifference: Float64Array, delayTap: number, count: number): void {
  const half = phaseSum.length
  let n = 0
  for (; n + 1 < count; n += 2) {
    let sumA = 0
    let differenceA = 0
    let sumB = 0
    let differenceB = 0
    for (let q = 0, mirror = n + 2 * half - 1; q < half; q++, mirror--) {
      const g = phaseSum[q]
      const d = phaseDifference[q]
      const olderA = input[n + q]
      const newerA = input[mirror]
      const olderB = input[n + 1 + q]
      const newerB = input[mirror + 1]
      sumA += g * (olderA + newerA)
      differenceA += d * (olderA - newerA)
      sumB += g * (olderB + newerB)
      differenceB += d * (olderB - newerB)
    }
    writeInterpolated(input, output, delayTap, n, sumA, differenceA)
    writeInterpolated(input, output, delayTap, n + 1, sumB, differenceB)
  }
  if (n < count) {
    let sum = 0
    let difference = 0
    for (let q = 0, mirror = n + 2 * half - 1; q < half; q++, mirror--) {
      sum += phaseSum[q] * (input[n + q] + input[mirror])
      difference += phaseDifference[q] * (input[n + q] - input[mirror])
    }
    writeInterpolated(input, output, delayTap, n, sum, difference)
  }
}

/** Input n's three outputs: itself (delayed), then phases 1 and 2, whose exact sums are (sum ± difference) / 2. */
function writeInterpolated(input: Int16Array, output: Int16Array, delayTap: number, n: number, sum: number, difference: number): void {
  output[3 * n] = input[n + delayTap]
  output[3 * n + 1] = toSample((sum + difference) / 2)
  output[3 * n + 2] = toSample((sum - difference) / 2)
}

/** ÷3 with a symmetric filter of `length` taps, the first output's window starting at `start`. */
function decimateJs(input: Int16Array, output: Int16Array, foldedTaps: Float64Array, start: number, length: number, count: number): void {
  const centre = foldedTaps.length - 1
  let m = 0
  for (; m + 1 < count; m += 2, start += 6) {
    let a = foldedTaps[centre] * input[start + centre]
    let b = foldedTaps[centre] * input[start + 3 + centre]
    for (let k = 0, older = start, newer = start + length - 1; k < centre; k++, older++, newer--) {
      const tap = foldedTaps[k]
      a += tap * (input[older] + input[newer])
      b += tap * (input[older + 3] + input[newer + 3])
    }
    output[m] = toSample(a)
    output[m + 1] = toSample(b)
  }
  if (m < count) {
    let a = foldedTaps[centre] * input[start + centre]
    for (let k = 0; k < centre; k++) a += foldedTaps[k] * (input[start + k] + input[start + length - 1 - k])
    output[m] = toSample(a)
  }
}

interface KernelExports {
  memory: WebAssembly.Memory
  interpolate(src: number, count: number, phase1: number, phase2: number, taps: number, delayTap: number, dst: number): void
  decimate(src: number, first: number, count: number, coefficients: number, taps: number, dst: number): void
}

const KERNELS_BINARY = new URL('./kernels.wasm', import.meta.url)

/** The WebAssembly kernels, or undefined when this runtime cannot run `binary` (no SIMD). */
export function createWasmKernels(binary: Uint8Array<ArrayBuffer> = new Uint8Array(readFileSync(KERNELS_BINARY))): Ratio3Kernels | undefined {
  if (typeof WebAssembly === 'undefined' || !WebAssembly.validate(binary)) return undefined
  const exports = new WebAssembly.Instance(new WebAssembly.Module(binary)).exports as unknown as KernelExports
  // Memory layout (bytes): the three filters, then the input and output workspaces, 16-byte aligned.
  let next = 0
  const place = (samples: Int16Array | number): Int16Array => {
    const length = typeof samples === 'number' ? samples : samples.length
    const view = new Int16Array(exports.memory.buffer, next, length)
    if (typeof samples !== 'number') view.set(samples)
    next += Math.ceil((2 * length) / 16) * 16
    return view
  }
  const phase1 = place(interpolator.phase1).byteOffset
  const phase2 = place(interpolator.phase2).byteOffset
  const taps = place(decimator.taps).byteOffset
  const input = place(inputCapacity)
  const output = place(outputCapacity)
  if (next > exports.memory.buffer.byteLength) throw new Error('kernels.wasm: workspace does not fit its memory')
  const { windowLength, delayTap } = interpolator
  return {
    name: 'wasm',
    interpolator,
    decimator,
    maxFrame: MAX_FRAME,
    input,
    output,
    interpolate: (count) => exports.interpolate(input.byteOffset, count, phase1, phase2, windowLength, delayTap, output.byteOffset),
    decimate: (first, count) => exports.decimate(input.byteOffset, first, count, taps, decimator.windowLength, output.byteOffset),
  }
}

const available: Partial<Record<KernelsName, Ratio3Kernels>> = { js: createJsKernels(), wasm: createWasmKernels() }

/** The kernels resamplers use unless told otherwise: WebAssembly when it runs here. */
export const defaultKernels: Ratio3Kernels = available.wasm ?? available.js!

export function kernelsNamed(name: KernelsName): Ratio3Kernels {
  const kernels = available[name]
  if (!kernels) throw new Error(`audio kernels "${name}" are not available in this runtime (WebAssembly SIMD missing)`)
  return kernels
}
