import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { assembleKernels, KERNELS_BINARY } from './assemble-kernels'
import { magnitudeResponseDb } from './filter-design'
import { createResampler } from './index'
import { createWasmKernels, defaultKernels, kernelsNamed, MAX_FRAME } from './kernels'
import { COEFFICIENT_BITS, designDecimator, designInterpolator } from './ratio3-filters'
import { processInFrames } from './signal'

const UNITY = 2 ** COEFFICIENT_BITS

/** Deterministic pseudo-random int16 samples (an LCG), full scale unless `amplitude` says otherwise. */
function noise(length: number, seed: number, amplitude = 32768): Int16Array {
  const samples = new Int16Array(length)
  let state = seed >>> 0
  for (let n = 0; n < length; n++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    samples[n] = Math.max(-32768, Math.min(32767, Math.round(((state / 2 ** 32) * 2 - 1) * amplitude)))
  }
  return samples
}

/** Pseudo-random frame sizes from 1 to 700 samples. */
function frameSizes(seed: number): number[] {
  return Array.from(noise(64, seed), (value) => 1 + (Math.abs(value) % 700))
}

/** Full-scale samples with the sign of each tap: the input that drives a filter's sum to its extreme. */
function worstCase(taps: Int16Array, repeats: number): Int16Array {
  const samples = new Int16Array(taps.length * repeats)
  for (let n = 0; n < samples.length; n++) samples[n] = taps[n % taps.length] < 0 ? -32768 : 32767
  return samples
}

describe('kernels.wasm', () => {
  it('is kernels.wat as assembled by `npm run build:audio-kernels`', async () => {
    expect(Buffer.from(readFileSync(KERNELS_BINARY)).equals(Buffer.from(await assembleKernels()))).toBe(true)
  })

  it('is the default where WebAssembly SIMD runs, and a binary the runtime cannot run leaves the JS kernels', () => {
    expect(WebAssembly.validate(new Uint8Array(readFileSync(KERNELS_BINARY)))).toBe(true)
    expect(defaultKernels.name).toBe('wasm')
    expect(createResampler(8000, 24000).process(noise(160, 9))).toEqual(createResampler(8000, 24000, { kernels: 'wasm' }).process(noise(160, 9)))
    // An opcode this runtime does not know (0xfd 0xff 0x7f: beyond every SIMD instruction) fails validation as a runtime without SIMD would.
    const unsupported = new Uint8Array(readFileSync(KERNELS_BINARY))
    const dot = Buffer.from(unsupported).indexOf(Buffer.from([0xfd, 0xba, 0x01])) // i32x4.dot_i16x8_s
    expect(dot).toBeGreaterThan(0)
    unsupported.set([0xfd, 0xff, 0x7f], dot)
    expect(createWasmKernels(unsupported)).toBeUndefined()
  })
})

describe('WebAssembly and JavaScript kernels', () => {
  it.each([
    [8000, 24000],
    [24000, 8000],
  ])('give identical output %i Hz → %i Hz for full-scale noise, quiet noise and worst-case input, in any framing', (fromRate, toRate) => {
    const filterTaps = fromRate < toRate ? designInterpolator().phase1 : designDecimator().taps
    const inputs = [noise(3 * fromRate, 1), noise(fromRate, 2, 300), worstCase(filterTaps, 50), noise(2 * MAX_FRAME + 7, 3)]
    for (const [index, input] of inputs.entries()) {
      const wasm = createResampler(fromRate, toRate, { kernels: 'wasm' })
      const js = createResampler(fromRate, toRate, { kernels: 'js' })
      const fromWasm = processInFrames((frame) => wasm.process(frame), input, frameSizes(index + 1))
      const fromJs = processInFrames((frame) => js.process(frame), input, frameSizes(index + 11))
      expect(fromWasm.length).toBe(Math.ceil((input.length * toRate) / fromRate))
      expect(fromJs, `input ${index}`).toEqual(fromWasm)
    }
  })

  it('saturate alike when the worst-case input drives the decimator past full scale', () => {
    const positive = worstCase(designDecimator().taps, 20)
    const input = new Int16Array(2 * positive.length)
    input.set(positive)
    input.set(positive.map((sample) => -1 - sample), positive.length) // the opposite extreme
    const outputs = (['wasm', 'js'] as const).map((kernels) => createResampler(24000, 8000, { kernels }).process(input))
    expect(outputs[1]).toEqual(outputs[0])
    expect(outputs[0]).toContain(32767)
    expect(outputs[0]).toContain(-32768)
  })

  it('share one workspace safely: interleaved streams give what each gives alone', () => {
    const a = noise(8000, 21)
    const b = noise(8000, 22)
    for (const kernels of ['wasm', 'js'] as const) {
      const alone = createResampler(8000, 24000, { kernels }).process(a)
      const first = createResampler(8000, 24000, { kernels })
      const second = createResampler(8000, 24000, { kernels })
      const interleaved = processInFrames((frame) => {
        second.process(b.subarray(0, frame.length))
        return first.process(frame)
      }, a, [160])
      expect(interleaved).toEqual(alone)
    }
    expect(kernelsNamed('js').name).toBe('js')
  })
})

describe('3:1 filters', () => {
  const interpolator = designInterpolator()
  const decimator = designDecimator()

  it('interpolator: phase 2 mirrors phase 1, each sums to exactly 1.0, and phase 0 is the input itself', () => {
    const { phase1, phase2, windowLength } = interpolator
    for (let q = 0; q < windowLength; q++) expect(phase2[q]).toBe(phase1[windowLength - 1 - q])
    expect(phase1.reduce((sum, tap) => sum + tap, 0)).toBe(UNITY)
    const input = noise(800, 5)
    const output = createResampler(8000, 24000).process(input)
    const delay = interpolator.latencySamples / 3
    for (let n = delay; n < input.length; n++) expect(output[3 * n]).toBe(input[n - delay])
  })

  it('decimator: symmetric, sums to exactly 1.0', () => {
    const { taps, padding, length } = decimator
    for (let k = 0; k < padding; k++) expect(taps[k]).toBe(0)
    for (let k = 0; k < length; k++) expect(taps[padding + k]).toBe(taps[padding + length - 1 - k])
    expect(taps.reduce((sum, tap) => sum + tap, 0)).toBe(UNITY)
  })

  it('quantised responses at 24 kHz: telephone band flat to 0.01 dB at 1 kHz, stopbands ≥ 60 dB down', () => {
    // The interpolator's impulse response at 24 kHz, interleaving its phases (gain 3 → divided out).
    const { phase1, phase2, windowLength, delayTap } = interpolator
    const upResponse = new Float64Array(3 * windowLength)
    for (let n = 0; n < windowLength; n++) {
      upResponse[3 * n] = windowLength - 1 - n === delayTap ? 1 / 3 : 0
      upResponse[3 * n + 1] = phase1[windowLength - 1 - n] / (3 * UNITY)
      upResponse[3 * n + 2] = phase2[windowLength - 1 - n] / (3 * UNITY)
    }
    const downResponse = Float64Array.from(decimator.taps, (tap) => tap / UNITY)
    const worst = (taps: Float64Array, fromHz: number) => {
      let level = -Infinity
      for (let f = fromHz; f <= 12000; f += 10) level = Math.max(level, magnitudeResponseDb(taps, f, 24000))
      return level
    }
    expect(Math.abs(magnitudeResponseDb(upResponse, 1000, 24000))).toBeLessThan(0.01)
    expect(Math.abs(magnitudeResponseDb(downResponse, 1000, 24000))).toBeLessThan(0.01)
    expect(worst(upResponse, 4600)).toBeLessThan(-60) // images of 0–3.4 kHz at 8 kHz
    expect(worst(downResponse, 4100)).toBeLessThan(-60) // what would fold into 0–3.9 kHz
  })
})
