import { describe, expect, it } from 'vitest'
import { mulawDecode, mulawDecodeInto, mulawEncode, mulawEncodeInto } from './index'

/*
 * Reference written from G.711's definition of the μ-law code, independently of the code under
 * test: the transmitted byte's top bit is the sign (1 = positive); the other 7 bits, inverted, are a
 * 3-bit segment e and a 4-bit step m. In 14-bit units segment e starts at decision level (32·2^e − 33) and has 16
 * steps of 2^(e+1); the reconstruction value is the middle of the step, (2m + 33)·2^e − 33.
 * 16-bit PCM is 4 × the 14-bit scale.
 */
function referenceDecode(code: number): number {
  const positive = code >= 128
  const segmentAndStep = 127 - (code % 128) // bit inversion
  const segment = Math.floor(segmentAndStep / 16)
  const step = segmentAndStep % 16
  const magnitude14 = (2 * step + 33) * 2 ** segment - 33
  return positive ? 4 * magnitude14 : 0 - 4 * magnitude14 // 0 − 0 is +0: both zeros decode to 0
}

/** Lower decision level (14-bit magnitude) of magnitude index k = 16·segment + step. */
function decisionLevel(index: number): number {
  const segment = Math.floor(index / 16)
  const step = index % 16
  return Math.max(0, (32 + 2 * step) * 2 ** segment - 33)
}

function referenceEncode(sample: number): number {
  // 16-bit input is read as sign and magnitude, the magnitude truncated to 14 bits and clipped at
  // the top decision level's interval (8159), as Sun's g711.c linear2ulaw does with its 0x84 bias.
  const magnitude14 = Math.min(Math.floor(Math.abs(sample) / 4), 8159)
  let index = 0
  while (index < 127 && decisionLevel(index + 1) <= magnitude14) index++
  return sample < 0 ? 127 - index : 255 - index
}

const allCodes = Uint8Array.from({ length: 256 }, (_, code) => code)

describe('mulawDecode', () => {
  it('matches the published G.711 μ-law table at known entries', () => {
    const decoded = mulawDecode(allCodes)
    // Rows of the widely reproduced ulaw2linear table (e.g. Sun g711.c, ffmpeg's pcm tables).
    expect(Array.from(decoded.subarray(0x00, 0x04))).toEqual([-32124, -31100, -30076, -29052])
    expect(decoded[0x0f]).toBe(-16764)
    expect(decoded[0x10]).toBe(-15996)
    expect(Array.from(decoded.subarray(0x78, 0x80))).toEqual([-56, -48, -40, -32, -24, -16, -8, 0])
    expect(Array.from(decoded.subarray(0x80, 0x84))).toEqual([32124, 31100, 30076, 29052])
    expect(Array.from(decoded.subarray(0xf8, 0x100))).toEqual([56, 48, 40, 32, 24, 16, 8, 0])
  })

  it('decodes every one of the 256 codes as the standard defines', () => {
    const decoded = mulawDecode(allCodes)
    for (let code = 0; code < 256; code++) expect(decoded[code], `code 0x${code.toString(16)}`).toBe(referenceDecode(code))
  })

  it('decodes both zero codes, 0x7F and 0xFF, to 0', () => {
    expect(Array.from(mulawDecode(Uint8Array.of(0x7f, 0xff)))).toEqual([0, 0])
  })
})

describe('mulawEncode', () => {
  it('encodes every 16-bit value as the standard quantiser does', () => {
    const everySample = Int16Array.from({ length: 65536 }, (_, i) => i - 32768)
    const encoded = mulawEncode(everySample)
    const mismatches: string[] = []
    for (let i = 0; i < everySample.length; i++) {
      const expected = referenceEncode(everySample[i])
      if (encoded[i] !== expected) mismatches.push(`${everySample[i]} → 0x${encoded[i].toString(16)} (want 0x${expected.toString(16)})`)
    }
    expect(mismatches.slice(0, 10)).toEqual([])
  })

  it('round-trips all 256 codes, normalising negative zero 0x7F to 0xFF', () => {
    const roundTrip = mulawEncode(mulawDecode(allCodes))
    for (let code = 0; code < 256; code++) expect(roundTrip[code], `code 0x${code.toString(16)}`).toBe(code === 0x7f ? 0xff : code)
  })

  it('encodes the extremes, zero and the segment edges', () => {
    const cases: Array<[number, number]> = [
      [32767, 0x80],
      [32635, 0x80], // top of the clipping range: still the largest code
      [-32768, 0x00],
      [-32767, 0x00],
      [0, 0xff],
      [3, 0xff], // below the first decision level (4 in 16-bit units)
      [4, 0xfe],
      [-1, 0x7f], // magnitude 1 truncates to 14-bit zero: negative zero
      [-4, 0x7e],
      [123, 0xf0], // last step of segment 0 …
      [124, 0xef], // … first step of segment 1 (biased 0x100)
      [-124, 0x6f],
      [379, 0xe0], // last step of segment 1 …
      [380, 0xdf], // … first of segment 2 (biased 0x200)
      [16251, 0x90], // last step of segment 6 …
      [16252, 0x8f], // … first of segment 7 (biased 0x4000)
      [-16252, 0x0f],
    ]
    const encoded = mulawEncode(Int16Array.from(cases, ([sample]) => sample))
    expect(Array.from(encoded, (code, i) => [cases[i][0], code])).toEqual(cases)
  })
})

describe('allocation-light variants', () => {
  it('write into a caller-provided buffer and return the count', () => {
    const bytes = Uint8Array.of(0x00, 0x80, 0xff)
    const samples = new Int16Array(8)
    expect(mulawDecodeInto(bytes, samples)).toBe(3)
    expect(Array.from(samples.subarray(0, 3))).toEqual([-32124, 32124, 0])
    const codes = new Uint8Array(8)
    expect(mulawEncodeInto(samples.subarray(0, 3), codes)).toBe(3)
    expect(Array.from(codes.subarray(0, 3))).toEqual([0x00, 0x80, 0xff])
  })

  it('refuse a destination that is too short', () => {
    expect(() => mulawDecodeInto(new Uint8Array(4), new Int16Array(3))).toThrow(RangeError)
    expect(() => mulawEncodeInto(new Int16Array(4), new Uint8Array(3))).toThrow(RangeError)
  })
})
