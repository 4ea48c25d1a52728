/**
 * G.711 companding (ITU-T G.711), written from the standard rather than shared with
 * media-server/audio on purpose: the stand-in is the oracle the bridge is tested against,
 * so a bug in the media server's codec must not be mirrored here and cancel itself out.
 * The Realtime API's `audio/pcmu` and `audio/pcma` formats are 8 kHz G.711 μ-law / A-law.
 */

const MULAW_BIAS = 0x84
const MULAW_CLIP = 32635

export function linearToMulaw(sample: number): number {
  let magnitude = sample < 0 ? -sample : sample
  const sign = sample < 0 ? 0x80 : 0
  if (magnitude > MULAW_CLIP) magnitude = MULAW_CLIP
  magnitude += MULAW_BIAS
  let exponent = 7
  for (let mask = 0x4000; (magnitude & mask) === 0 && exponent > 0; mask >>= 1) exponent--
  const mantissa = (magnitude >> (exponent + 3)) & 0x0f
  return ~(sign | (exponent << 4) | mantissa) & 0xff
}

export function mulawToLinear(byte: number): number {
  const inverted = ~byte & 0xff
  const exponent = (inverted >> 4) & 0x07
  const magnitude = ((((inverted & 0x0f) << 3) + MULAW_BIAS) << exponent) - MULAW_BIAS
  return inverted & 0x80 ? -magnitude : magnitude
}

/** Segment end points of the 13-bit A-law input (G.711 table 1a). */
const ALAW_SEGMENT_END = [0x1f, 0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff]

export function linearToAlaw(sample: number): number {
  let value = sample >> 3
  let mask: number
  if (value >= 0) {
    mask = 0xd5
  } else {
    mask = 0x55
    value = -value - 1
  }
  const segment = ALAW_SEGMENT_END.findIndex((end) => value <= end)
  if (segment === -1) return 0x7f ^ mask
  const mantissa = segment < 2 ? (value >> 1) & 0x0f : (value >> segment) & 0x0f
  return ((segment << 4) | mantissa) ^ mask
}

export function alawToLinear(byte: number): number {
  const value = byte ^ 0x55
  const segment = (value & 0x70) >> 4
  let magnitude = ((value & 0x0f) << 4) + 8
  if (segment >= 1) magnitude += 0x100
  if (segment > 1) magnitude <<= segment - 1
  return value & 0x80 ? magnitude : -magnitude
}
