/**
 * ITU-T G.711 μ-law codec (Twilio Media Streams carry `audio/x-mulaw`, 8 kHz, mono).
 *
 * G.711 μ-law quantises a 14-bit sign-magnitude value in 8 segments of 16 steps; the step doubles
 * from one segment to the next (2, 4, …, 256 in 14-bit units) and every code word is transmitted
 * with all bits inverted. Working on 16-bit linear PCM, the reference implementations (Sun's
 * g711.c `linear2ulaw`/`ulaw2linear`, also used by ffmpeg) add the bias 0x84 (= 33 in 14-bit units,
 * i.e. 33 × 4) to the magnitude so that segment boundaries fall on powers of two; a magnitude is
 * thereby truncated to 14 bits (|x| >> 2) and clipped at 8159 (32635 in 16-bit units).
 */

const BIAS = 0x84
/** Largest 16-bit magnitude that still encodes without clipping (8159 in 14-bit units). */
const CLIP = 32635
const SEGMENT_COUNT = 8

/** Decoded value of each of the 256 code words (ulaw2linear), built once. */
const DECODE_TABLE = buildDecodeTable()

/**
 * Positive code word before sign and inversion, `(segment << 4) | mantissa`, for each 14-bit
 * magnitude `|x| >> 2` (0…8192; -32768 has magnitude 8192).
 */
const ENCODE_MAGNITUDE_TABLE = buildEncodeMagnitudeTable()

function buildDecodeTable(): Int16Array {
  const table = new Int16Array(256)
  for (let code = 0; code < 256; code++) {
    const inverted = ~code & 0xff
    const segment = (inverted >> 4) & 0x07
    const mantissa = inverted & 0x0f
    const magnitude = (((mantissa << 3) + BIAS) << segment) - BIAS
    table[code] = inverted & 0x80 ? -magnitude : magnitude
  }
  return table
}

function encodeMagnitude(magnitude16: number): number {
  const biased = Math.min(magnitude16, CLIP) + BIAS
  // Segment s ends at biased magnitude (0x100 << s) - 1 (Sun's seg_end table: 0xFF, 0x1FF, …, 0x7FFF).
  let segment = 0
  while (segment < SEGMENT_COUNT - 1 && biased > (0x100 << segment) - 1) segment++
  return (segment << 4) | ((biased >> (segment + 3)) & 0x0f)
}

function buildEncodeMagnitudeTable(): Uint8Array {
  const table = new Uint8Array((32768 >> 2) + 1)
  // Every 16-bit magnitude m with m >> 2 === i encodes alike: the bias is a multiple of 4.
  for (let i = 0; i < table.length; i++) table[i] = encodeMagnitude(i << 2)
  return table
}

/** Decodes μ-law bytes into `dst` (at least `src.length` long); returns the number of samples. */
export function mulawDecodeInto(src: Uint8Array, dst: Int16Array): number {
  const length = src.length
  if (dst.length < length) throw new RangeError(`mulawDecodeInto: dst holds ${dst.length} samples, need ${length}`)
  const table = DECODE_TABLE
  for (let i = 0; i < length; i++) dst[i] = table[src[i]]
  return length
}

export function mulawDecode(bytes: Uint8Array): Int16Array {
  const samples = new Int16Array(bytes.length)
  mulawDecodeInto(bytes, samples)
  return samples
}

/** Encodes 16-bit linear samples into `dst` (at least `src.length` long); returns the byte count. */
export function mulawEncodeInto(src: Int16Array, dst: Uint8Array): number {
  const length = src.length
  if (dst.length < length) throw new RangeError(`mulawEncodeInto: dst holds ${dst.length} bytes, need ${length}`)
  const table = ENCODE_MAGNITUDE_TABLE
  for (let i = 0; i < length; i++) {
    const sample = src[i]
    const sign = sample >> 31 // 0 or -1
    const magnitude = (sample ^ sign) - sign
    // Inversion of all bits; negative samples keep the sign bit cleared (0x7F instead of 0xFF).
    dst[i] = table[magnitude >> 2] ^ (0xff ^ (sign & 0x80))
  }
  return length
}

export function mulawEncode(samples: Int16Array): Uint8Array {
  const bytes = new Uint8Array(samples.length)
  mulawEncodeInto(samples, bytes)
  return bytes
}
