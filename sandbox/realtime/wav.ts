/**
 * Minimal RIFF/WAVE reader and writer for the clips the stand-in speaks: 16-bit PCM
 * (what espeak-ng writes) and 8-bit G.711 μ-law (format tag 7, how the shipped clips are
 * stored so that a few seconds of speech stay a few kilobytes).
 */
import { linearToMulaw, mulawToLinear } from './g711'
import { pcm16FromBytes } from './pcm'

const FORMAT_PCM = 1
const FORMAT_MULAW = 7

export interface PcmAudio {
  samples: Int16Array
  sampleRate: number
}

export function parseWav(file: Buffer): PcmAudio {
  if (file.toString('ascii', 0, 4) !== 'RIFF' || file.toString('ascii', 8, 12) !== 'WAVE') {
    throw new Error('not a RIFF/WAVE file')
  }
  let format = 0
  let channels = 0
  let sampleRate = 0
  let bitsPerSample = 0
  let offset = 12
  while (offset + 8 <= file.length) {
    const chunkId = file.toString('ascii', offset, offset + 4)
    // espeak-ng writes to a pipe-friendly header whose data size may be 0 or 0x7fffffff.
    const declaredSize = file.readUInt32LE(offset + 4)
    const body = offset + 8
    const size = Math.min(declaredSize, file.length - body)
    if (chunkId === 'fmt ') {
      format = file.readUInt16LE(body)
      channels = file.readUInt16LE(body + 2)
      sampleRate = file.readUInt32LE(body + 4)
      bitsPerSample = file.readUInt16LE(body + 14)
    } else if (chunkId === 'data') {
      if (channels !== 1) throw new Error(`expected mono audio, got ${channels} channels`)
      const data = file.subarray(body, body + (declaredSize === 0 ? file.length - body : size))
      if (format === FORMAT_PCM && bitsPerSample === 16) return { samples: pcm16FromBytes(data), sampleRate }
      if (format === FORMAT_MULAW) return { samples: Int16Array.from(data, mulawToLinear), sampleRate }
      throw new Error(`unsupported WAV encoding: format ${format}, ${bitsPerSample} bits`)
    }
    offset = body + size + (size % 2)
  }
  throw new Error('WAV file has no data chunk')
}

/** Encodes mono audio as an 8-bit μ-law WAV (fmt chunk with cbSize, plus the `fact` chunk non-PCM files need). */
export function mulawWav(audio: PcmAudio): Buffer {
  const data = Buffer.from(Array.from(audio.samples, linearToMulaw))
  const header = Buffer.alloc(58)
  header.write('RIFF', 0, 'ascii')
  header.writeUInt32LE(header.length - 8 + data.length + (data.length % 2), 4)
  header.write('WAVE', 8, 'ascii')
  header.write('fmt ', 12, 'ascii')
  header.writeUInt32LE(18, 16)
  header.writeUInt16LE(FORMAT_MULAW, 20)
  header.writeUInt16LE(1, 22)
  header.writeUInt32LE(audio.sampleRate, 24)
  header.writeUInt32LE(audio.sampleRate, 28) // byte rate: one byte per sample
  header.writeUInt16LE(1, 32) // block align
  header.writeUInt16LE(8, 34)
  header.writeUInt16LE(0, 36) // cbSize
  header.write('fact', 38, 'ascii')
  header.writeUInt32LE(4, 42)
  header.writeUInt32LE(audio.samples.length, 46)
  header.write('data', 50, 'ascii')
  header.writeUInt32LE(data.length, 54)
  return Buffer.concat([header, data, Buffer.alloc(data.length % 2)])
}
