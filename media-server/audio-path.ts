/**
 * How audio crosses between Twilio (8 kHz G.711 μ-law, base64 in `media` messages) and the
 * Realtime session. With `pcmu` the Realtime API speaks G.711 μ-law itself, so caller audio is
 * forwarded as the very base64 string Twilio sent and assistant audio is only framed: no
 * conversion at all. With `pcm16` (the session's `audio/pcm`, 24 kHz 16-bit little-endian)
 * each direction is decoded and resampled by media-server/audio.
 */
import { createResampler, mulawDecodeInto, mulawEncode } from './audio/index'

export type AudioFormat = 'pcmu' | 'pcm16'

export interface AudioPath {
  /** The Realtime session's `audio.input.format` / `audio.output.format`. */
  readonly realtimeFormat: { type: 'audio/pcmu' } | { type: 'audio/pcm'; rate: 24000 }
  /** Bytes of one 20 ms Twilio frame once converted for the Realtime session. */
  readonly realtimeFrameBytes: number
  /** A Twilio `media.payload` → the `audio` of an `input_audio_buffer.append`. */
  toRealtime(twilioPayload: string): string
  /** The `delta` of a `response.output_audio.delta` → μ-law for Twilio. */
  toTwilio(realtimeDelta: string): Uint8Array
  /** Forgets the assistant audio's filter history (its response was cut off). */
  resetOutbound(): void
}

export function createAudioPath(format: AudioFormat): AudioPath {
  return format === 'pcmu' ? passthrough : pcm16Path()
}

const passthrough: AudioPath = {
  realtimeFormat: { type: 'audio/pcmu' },
  realtimeFrameBytes: 160,
  toRealtime: (twilioPayload) => twilioPayload,
  toTwilio: (realtimeDelta) => Buffer.from(realtimeDelta, 'base64'),
  resetOutbound: () => {},
}

const TWILIO_RATE = 8000
const REALTIME_RATE = 24000

function pcm16Path(): AudioPath {
  const up = createResampler(TWILIO_RATE, REALTIME_RATE)
  const down = createResampler(REALTIME_RATE, TWILIO_RATE)
  // Caller frames reuse these buffers: a call converts 50 frames a second.
  let linear = new Int16Array(160)
  let upsampled = new Int16Array(up.outputLength(160))
  /** A delta may end mid-sample; its odd byte waits for the next delta. */
  let carry: number | undefined

  return {
    realtimeFormat: { type: 'audio/pcm', rate: REALTIME_RATE },
    // 480 samples of 16 bits.
    realtimeFrameBytes: (REALTIME_RATE / 50) * 2,
    toRealtime(twilioPayload) {
      const bytes = Buffer.from(twilioPayload, 'base64')
      if (linear.length < bytes.length) linear = new Int16Array(bytes.length)
      const count = mulawDecodeInto(bytes, linear)
      const needed = up.outputLength(count)
      if (upsampled.length < needed) upsampled = new Int16Array(needed)
      const written = up.processInto(linear.subarray(0, count), upsampled)
      return littleEndianBytes(upsampled.subarray(0, written)).toString('base64')
    },
    toTwilio(realtimeDelta) {
      let bytes = Buffer.from(realtimeDelta, 'base64')
      if (carry !== undefined) bytes = Buffer.concat([Buffer.of(carry), bytes])
      carry = bytes.length % 2 === 1 ? bytes[bytes.length - 1] : undefined
      const samples = samplesOf(bytes.subarray(0, bytes.length - (bytes.length % 2)))
      // Kept by the playback queue, so a fresh array per delta.
      return mulawEncode(down.process(samples))
    },
    resetOutbound() {
      down.reset()
      carry = undefined
    },
  }
}

const hostIsLittleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1

/** The wire format is little-endian 16-bit PCM (OpenAI Realtime `audio/pcm`). */
function littleEndianBytes(samples: Int16Array): Buffer {
  const bytes = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength)
  return hostIsLittleEndian ? bytes : Buffer.from(bytes).swap16()
}

function samplesOf(bytes: Buffer): Int16Array {
  // Int16Array needs an even byte offset; base64 decoding gives no such guarantee.
  const aligned = bytes.byteOffset % 2 === 0 ? bytes : Buffer.from(bytes)
  const little = hostIsLittleEndian ? aligned : Buffer.from(aligned).swap16()
  return new Int16Array(little.buffer, little.byteOffset, little.length / 2)
}
