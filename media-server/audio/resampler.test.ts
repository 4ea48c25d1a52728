import { describe, expect, it } from 'vitest'
import { createResampler, mulawDecode, mulawEncode, type Resampler } from './index'
import type { KernelsName } from './kernels'
import {
  chainGainDb,
  componentLevelDb,
  frameSamples,
  idealTone,
  INT16_FULL_SCALE,
  largestStep,
  pcmTone,
  processInFrames,
  toInt16,
  toneSnrDb,
  worstAliasDb,
} from './signal'

const TONE_AMPLITUDE = 0.9 * INT16_FULL_SCALE

function inFrames(resampler: Resampler, input: Int16Array, frameSizes: readonly number[] = [frameSamples(resampler.fromRate)]): Int16Array {
  return processInFrames((frame) => resampler.process(frame), input, frameSizes)
}

/** Deterministic broadband test signal: a tone plus uniform noise from a small LCG. */
function toneWithNoise(rate: number, length: number): Int16Array {
  const tone = idealTone({ frequencyHz: 440, sampleRate: rate, length, amplitude: 12000 })
  let state = 12345
  for (let n = 0; n < length; n++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0
    tone[n] += (state / 2 ** 32 - 0.5) * 20000
  }
  return toInt16(tone)
}

const KERNELS: KernelsName[] = ['wasm', 'js']

describe.each(KERNELS.flatMap((kernels) => [[kernels, 8000, 24000] as const, [kernels, 24000, 8000] as const]))('%s kernels, %i Hz → %i Hz', (kernels, fromRate, toRate) => {
  const make = () => createResampler(fromRate, toRate, { kernels })

  it('turns each 20 ms frame into exactly one 20 ms frame', () => {
    const resampler = make()
    const frame = toneWithNoise(fromRate, frameSamples(fromRate))
    for (let i = 0; i < 5; i++) {
      expect(resampler.outputLength(frame.length)).toBe(frameSamples(toRate))
      expect(resampler.process(frame).length).toBe(frameSamples(toRate))
    }
  })

  it('gives bit-for-bit the same output in 20 ms frames, in odd-sized frames and in one block', () => {
    const input = toneWithNoise(fromRate, fromRate) // one second
    const block = make().process(input)
    expect(block.length).toBe(toRate)
    expect(inFrames(make(), input)).toEqual(block)
    expect(inFrames(make(), input, [1, 7, 100, 333, 2])).toEqual(block)
  })

  it('reports each odd-sized frame its share of outputs, carrying the phase', () => {
    const resampler = make()
    const input = toneWithNoise(fromRate, fromRate)
    let total = 0
    for (let start = 0; start < input.length; start += 100) {
      const frame = input.subarray(start, start + 100)
      const expected = resampler.outputLength(frame.length)
      const output = resampler.process(frame)
      expect(output.length).toBe(expected)
      expect(Math.abs(output.length - (frame.length * toRate) / fromRate)).toBeLessThan(1)
      total += output.length
    }
    expect(total).toBe(toRate)
  })

  it('reproduces a 1 kHz tone with SNR ≥ 60 dB', () => {
    expect(toneSnrDb(make())).toBeGreaterThanOrEqual(60)
  })

  it('passes DC at unit gain', () => {
    const resampler = make()
    const output = inFrames(resampler, new Int16Array(fromRate / 10).fill(10000))
    const settled = output.subarray(frameSamples(toRate))
    expect(Math.min(...settled)).toBeGreaterThanOrEqual(9999)
    expect(Math.max(...settled)).toBeLessThanOrEqual(10001)
  })

  it('has no jump at frame edges: a continuous tone never steps beyond its steepest slope', () => {
    const resampler = make()
    const input = pcmTone({ frequencyHz: 1000, sampleRate: fromRate, length: fromRate / 2, amplitude: TONE_AMPLITUDE })
    const output = inFrames(resampler, input)
    const steepestStep = TONE_AMPLITUDE * 2 * Math.sin((Math.PI * 1000) / toRate) // largest |sin(a) − sin(b)| one sample apart
    expect(largestStep(output, frameSamples(toRate))).toBeLessThanOrEqual(steepestStep + 2)
  })

  it('forgets the stream on reset', () => {
    const input = toneWithNoise(fromRate, frameSamples(fromRate) * 3)
    const resampler = make()
    resampler.process(toneWithNoise(fromRate, 1234))
    resampler.reset()
    expect(inFrames(resampler, input)).toEqual(inFrames(make(), input))
  })

  it('fills a caller-provided buffer and refuses a short one', () => {
    const resampler = make()
    const frame = toneWithNoise(fromRate, frameSamples(fromRate))
    const dst = new Int16Array(frameSamples(toRate) + 10)
    expect(resampler.processInto(frame, dst)).toBe(frameSamples(toRate))
    expect(() => resampler.processInto(frame, new Int16Array(frameSamples(toRate) - 1))).toThrow(RangeError)
  })
})

describe.each(KERNELS)('%s kernels: anti-aliasing, anti-imaging and the call path', (kernels) => {
  const up = () => createResampler(8000, 24000, { kernels })
  const down = () => createResampler(24000, 8000, { kernels })

  it('keeps a full-scale 6 kHz tone ≥ 60 dB down at its 2 kHz alias going 24 kHz → 8 kHz', () => {
    expect(componentLevelDb(down(), 6000, 2000)).toBeLessThanOrEqual(-60)
  })

  it('attenuates every stopband tone from 4.1 to 11.9 kHz by ≥ 60 dB going 24 kHz → 8 kHz', () => {
    const worst = worstAliasDb(() => down(), 4100, 11900, 200)
    expect(worst.levelDb, `loudest alias from ${worst.toneHz} Hz`).toBeLessThanOrEqual(-60)
  })

  it('attenuates the images of passband tones by ≥ 60 dB going 8 kHz → 24 kHz', () => {
    for (let toneHz = 300; toneHz <= 3400; toneHz += 100) {
      for (const imageHz of [8000 - toneHz, 8000 + toneHz]) {
        expect(componentLevelDb(up(), toneHz, imageHz), `${toneHz} Hz image at ${imageHz} Hz`).toBeLessThanOrEqual(-60)
      }
    }
  })

  it('keeps the telephone band through the whole call path: ±1 dB at 1 kHz, −3…+1 dB at 3.4 kHz', () => {
    const codec = { encode: mulawEncode, decode: mulawDecode }
    const at1k = chainGainDb(codec, up(), down(), 1000)
    const at3k4 = chainGainDb(codec, up(), down(), 3400)
    expect(Math.abs(at1k)).toBeLessThanOrEqual(1)
    expect(at3k4).toBeGreaterThanOrEqual(-3)
    expect(at3k4).toBeLessThanOrEqual(1)
  })
})

describe('other rate pairs', () => {
  it('passes samples through unchanged when the rates are equal', () => {
    const input = toneWithNoise(8000, 160)
    const resampler = createResampler(8000, 8000)
    const output = resampler.process(input)
    expect(output).toEqual(input)
    expect(output).not.toBe(input)
    expect(resampler.latencySamples).toBe(0)
  })

  it.each([
    [16000, 24000],
    [44100, 48000],
    [48000, 8000],
    [16000, 48000], // 3:1 pairs other than the telephone one use the same fixed-point filters
    [48000, 16000],
  ])('resamples %i Hz → %i Hz with the same quality', (fromRate, toRate) => {
    expect(toneSnrDb(createResampler(fromRate, toRate))).toBeGreaterThanOrEqual(60)
  })

  it('refuses rates that are not positive integers or whose ratio is too fine', () => {
    expect(() => createResampler(8000, 0)).toThrow(/not a positive integer/)
    expect(() => createResampler(8000.5, 24000)).toThrow(/not a positive integer/)
    expect(() => createResampler(8000, 8001)).toThrow(/8001\/8000/)
  })
})
