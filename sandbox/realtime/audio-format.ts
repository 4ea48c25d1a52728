/**
 * The Realtime API's audio formats (`RealtimeAudioFormats` in openai's realtime.d.ts):
 * `audio/pcm` is 16-bit little-endian mono at 24 kHz only; `audio/pcmu` / `audio/pcma`
 * are G.711 at 8 kHz. Base64 payloads in `input_audio_buffer.append` and
 * `response.output_audio.delta` carry raw samples in the session's format, no headers.
 */
import { alawToLinear, linearToAlaw, linearToMulaw, mulawToLinear } from './g711'
import { pcm16FromBytes, pcm16ToBytes, resample } from './pcm'
import type { PcmAudio } from './wav'

export type AudioFormat = { type: 'audio/pcm'; rate: 24000 } | { type: 'audio/pcmu' } | { type: 'audio/pcma' }

export const PCM_24K: AudioFormat = { type: 'audio/pcm', rate: 24000 }

export function sampleRateOf(format: AudioFormat): number {
  return format.type === 'audio/pcm' ? 24000 : 8000
}

export function bytesPerSampleOf(format: AudioFormat): number {
  return format.type === 'audio/pcm' ? 2 : 1
}

export function durationMsOf(format: AudioFormat, byteCount: number): number {
  return (byteCount / bytesPerSampleOf(format) / sampleRateOf(format)) * 1000
}

export function decodeAudio(format: AudioFormat, bytes: Uint8Array): Int16Array {
  switch (format.type) {
    case 'audio/pcm':
      return pcm16FromBytes(bytes)
    case 'audio/pcmu':
      return Int16Array.from(bytes, mulawToLinear)
    case 'audio/pcma':
      return Int16Array.from(bytes, alawToLinear)
  }
}

/** Converts speech to the wire bytes of `format`, resampling to the format's rate first. */
export function encodeAudio(format: AudioFormat, audio: PcmAudio): Buffer {
  const samples = resample(audio.samples, audio.sampleRate, sampleRateOf(format))
  switch (format.type) {
    case 'audio/pcm':
      return pcm16ToBytes(samples)
    case 'audio/pcmu':
      return Buffer.from(Array.from(samples, linearToMulaw))
    case 'audio/pcma':
      return Buffer.from(Array.from(samples, linearToAlaw))
  }
}
