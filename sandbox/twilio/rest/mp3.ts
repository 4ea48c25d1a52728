import lamejs from '@breezystack/lamejs'
import { decodeWav } from '../audio/wav'

// MP3 for a recording's `.mp3` download, encoded from the stored WAV (Twilio serves both).

/** LAME encodes in MPEG frames of 1152 samples per channel. */
const SAMPLES_PER_FRAME = 1152
const KBPS = 32

export function wavToMp3(wav: Buffer): Buffer {
  const { sampleRate, channels } = decodeWav(wav)
  const stereo = channels.length === 2
  const encoder = new lamejs.Mp3Encoder(stereo ? 2 : 1, sampleRate, KBPS)
  const [left, right] = channels
  const chunks: Buffer[] = []
  // lamejs hands back Int8Array views; Buffer wants their bytes.
  const bytes = (chunk: Int8Array | Uint8Array) => Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
  for (let at = 0; at < left.length; at += SAMPLES_PER_FRAME) {
    const end = at + SAMPLES_PER_FRAME
    chunks.push(bytes(stereo ? encoder.encodeBuffer(left.subarray(at, end), right.subarray(at, end)) : encoder.encodeBuffer(left.subarray(at, end))))
  }
  chunks.push(bytes(encoder.flush()))
  return Buffer.concat(chunks)
}
