/**
 * RIFF/WAVE encoding and decoding. Recordings are 8 kHz 16-bit PCM like Twilio's WAV
 * downloads; decoding also accepts G.711 μ-law (format 7) and 8-bit PCM so `<Play>` and the
 * control API take the WAV files people usually have.
 */
import { mulawToLinear } from '../../realtime/g711'
import { resample } from '../../realtime/pcm'

export const TELEPHONY_RATE = 8000

const FORMAT_PCM = 1
const FORMAT_MULAW = 7
const FORMAT_EXTENSIBLE = 0xfffe

/** Interleaves the channels (all of the same length; shorter ones are padded with silence). */
export function encodeWav(channels: Int16Array[], sampleRate = TELEPHONY_RATE): Buffer {
  const frames = Math.max(0, ...channels.map((c) => c.length))
  const dataBytes = frames * channels.length * 2
  const wav = Buffer.alloc(44 + dataBytes)
  wav.write('RIFF', 0, 'ascii')
  wav.writeUInt32LE(36 + dataBytes, 4)
  wav.write('WAVE', 8, 'ascii')
  wav.write('fmt ', 12, 'ascii')
  wav.writeUInt32LE(16, 16)
  wav.writeUInt16LE(FORMAT_PCM, 20)
  wav.writeUInt16LE(channels.length, 22)
  wav.writeUInt32LE(sampleRate, 24)
  wav.writeUInt32LE(sampleRate * channels.length * 2, 28)
  wav.writeUInt16LE(channels.length * 2, 32)
  wav.writeUInt16LE(16, 34)
  wav.write('data', 36, 'ascii')
  wav.writeUInt32LE(dataBytes, 40)
  let offset = 44
  for (let frame = 0; frame < frames; frame++) {
    for (const channel of channels) {
      wav.writeInt16LE(channel[frame] ?? 0, offset)
      offset += 2
    }
  }
  return wav
}

export interface DecodedWav {
  sampleRate: number
  channels: Int16Array[]
}

export function decodeWav(bytes: Buffer): DecodedWav {
  if (bytes.length < 12 || bytes.toString('ascii', 0, 4) !== 'RIFF' || bytes.toString('ascii', 8, 12) !== 'WAVE') {
    throw new Error('not a RIFF/WAVE file')
  }
  let format = 0
  let channelCount = 0
  let sampleRate = 0
  let bitsPerSample = 0
  let data: Buffer | null = null
  for (let offset = 12; offset + 8 <= bytes.length; ) {
    const id = bytes.toString('ascii', offset, offset + 4)
    const size = bytes.readUInt32LE(offset + 4)
    const body = bytes.subarray(offset + 8, Math.min(bytes.length, offset + 8 + size))
    if (id === 'fmt ') {
      format = body.readUInt16LE(0)
      channelCount = body.readUInt16LE(2)
      sampleRate = body.readUInt32LE(4)
      bitsPerSample = body.readUInt16LE(14)
      // WAVE_FORMAT_EXTENSIBLE keeps the real format code in the first two bytes of the GUID.
      if (format === FORMAT_EXTENSIBLE && body.length >= 26) format = body.readUInt16LE(24)
    } else if (id === 'data') {
      data = body
    }
    offset += 8 + size + (size % 2)
  }
  if (!data || channelCount < 1) throw new Error('WAV has no fmt or data chunk')
  const bytesPerSample = bitsPerSample / 8
  const frames = Math.floor(data.length / (bytesPerSample * channelCount))
  const channels = Array.from({ length: channelCount }, () => new Int16Array(frames))
  for (let frame = 0; frame < frames; frame++) {
    for (let c = 0; c < channelCount; c++) {
      const at = (frame * channelCount + c) * bytesPerSample
      channels[c][frame] = readSample(data, at, format, bitsPerSample)
    }
  }
  return { sampleRate, channels }
}

function readSample(data: Buffer, at: number, format: number, bits: number): number {
  if (format === FORMAT_MULAW && bits === 8) return mulawToLinear(data[at])
  if (format === FORMAT_PCM && bits === 16) return data.readInt16LE(at)
  if (format === FORMAT_PCM && bits === 8) return (data[at] - 128) << 8
  throw new Error(`unsupported WAV encoding (format ${format}, ${bits} bits)`)
}

/** Any WAV → mono 8 kHz samples (channels mixed down), the form the call engine carries audio in. */
export function wavToTelephonyMono(bytes: Buffer): Int16Array {
  const { sampleRate, channels } = decodeWav(bytes)
  const mono = new Int16Array(channels[0].length)
  for (let i = 0; i < mono.length; i++) {
    let sum = 0
    for (const channel of channels) sum += channel[i]
    mono[i] = Math.round(sum / channels.length)
  }
  return resample(mono, sampleRate, TELEPHONY_RATE)
}

export function wavDurationSeconds(bytes: Buffer): number {
  const { sampleRate, channels } = decodeWav(bytes)
  return channels[0].length / sampleRate
}
