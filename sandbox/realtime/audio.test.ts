import { describe, expect, it } from 'vitest'
import { decodeAudio, encodeAudio } from './audio-format'
import { alawToLinear, linearToAlaw, linearToMulaw, mulawToLinear } from './g711'
import { concatSamples, resample, rmsDbfs } from './pcm'
import { recognizeClip } from './recognize'
import { babble, clipNames, loadClip } from './speech'
import { computeUsage } from './usage'
import { EnergyVad, type VadTransition } from './vad'
import { mulawWav, parseWav } from './wav'

function tone(frequencyHz: number, ms: number, sampleRate: number, dbfs: number): Int16Array {
  const amplitude = 32768 * 10 ** (dbfs / 20) * Math.SQRT2
  return Int16Array.from({ length: (sampleRate * ms) / 1000 }, (_, i) => Math.round(amplitude * Math.sin((2 * Math.PI * frequencyHz * i) / sampleRate)))
}

const concat = (...parts: Int16Array[]) => concatSamples(parts)

describe('G.711', () => {
  it('maps digital silence to the standard code words (μ-law 0xFF, A-law 0xD5)', () => {
    expect(linearToMulaw(0)).toBe(0xff)
    expect(mulawToLinear(0xff)).toBe(0)
    expect(linearToAlaw(0)).toBe(0xd5)
  })

  it('round-trips every code word exactly and keeps quantisation error within a segment step', () => {
    for (let byte = 0; byte < 256; byte++) {
      expect(linearToMulaw(mulawToLinear(byte))).toBe(byte === 0x7f ? 0xff : byte) // 0x7F is μ-law's negative zero
      expect(linearToAlaw(alawToLinear(byte))).toBe(byte)
    }
    for (let sample = -32768; sample < 32768; sample += 97) {
      const step = Math.max(16, Math.abs(sample) / 16)
      expect(Math.abs(mulawToLinear(linearToMulaw(sample)) - sample)).toBeLessThanOrEqual(step)
      expect(Math.abs(alawToLinear(linearToAlaw(sample)) - sample)).toBeLessThanOrEqual(step)
    }
  })
})

describe('resample', () => {
  it('keeps an in-band tone at its level and removes one above the new Nyquist frequency', () => {
    const inBand = resample(tone(440, 500, 22050, -12), 22050, 8000)
    expect(inBand.length).toBe(4000)
    expect(rmsDbfs(inBand, 400, 3600)).toBeCloseTo(-12, 0)
    const aliased = resample(tone(6000, 500, 22050, -12), 22050, 8000)
    expect(rmsDbfs(aliased, 400, 3600)).toBeLessThan(-50)
  })

  it('upsamples 8 kHz to 24 kHz without changing duration or level', () => {
    const up = resample(tone(1000, 200, 8000, -20), 8000, 24000)
    expect(up.length).toBe(4800)
    expect(rmsDbfs(up, 480, 4320)).toBeCloseTo(-20, 0)
  })
})

describe('audio formats', () => {
  it('encodes speech as 24 kHz PCM16 and as 8 kHz μ-law of the same duration', () => {
    const speech = { samples: tone(300, 1000, 16000, -15), sampleRate: 16000 }
    const pcm = encodeAudio({ type: 'audio/pcm', rate: 24000 }, speech)
    const pcmu = encodeAudio({ type: 'audio/pcmu' }, speech)
    expect(pcm.length).toBe(48000)
    expect(pcmu.length).toBe(8000)
    expect(rmsDbfs(decodeAudio({ type: 'audio/pcmu' }, pcmu), 800, 7200)).toBeCloseTo(-15, 0)
    expect(rmsDbfs(decodeAudio({ type: 'audio/pcm', rate: 24000 }, pcm), 2400, 21600)).toBeCloseTo(-15, 0)
  })
})

describe('clips', () => {
  it('ships 8 kHz μ-law clips with transcripts, a few seconds each and audibly loud', () => {
    expect(clipNames()).toEqual(expect.arrayContaining(['greeting', 'caller-question', 'reply-help']))
    for (const name of clipNames()) {
      const clip = loadClip(name)
      expect(clip.sampleRate).toBe(8000)
      expect(clip.transcript.split(' ').length).toBeGreaterThan(3)
      expect(clip.samples.length / 8000).toBeGreaterThan(1)
      expect(clip.samples.length / 8000).toBeLessThan(6)
      expect(rmsDbfs(clip.samples)).toBeGreaterThan(-30)
    }
  })

  it('writes μ-law WAV files that read back sample for sample', () => {
    const clip = loadClip('greeting')
    const reread = parseWav(mulawWav(clip))
    expect(reread.sampleRate).toBe(8000)
    expect(reread.samples).toEqual(clip.samples)
  })

  it('synthesises speech-like audio whose length follows the text when no clip or espeak-ng speaks it', () => {
    const short = babble('Yes.')
    const long = babble('Your appointment is booked for Tuesday at ten in the morning.')
    expect(rmsDbfs(long.samples)).toBeGreaterThan(-30)
    expect(long.samples.length / long.sampleRate).toBeGreaterThan(2)
    expect(long.samples.length).toBeGreaterThan(5 * short.samples.length)
    expect(long.transcript).toBe('Your appointment is booked for Tuesday at ten in the morning.')
  })
})

describe('recognizeClip', () => {
  it('knows a shipped clip after resampling to 24 kHz, a gain change and padding, and nothing else', () => {
    for (const name of ['caller-question', 'greeting']) {
      const clip = loadClip(name)
      const quieter = resample(clip.samples, 8000, 24000).map((sample) => sample / 2)
      const padded = concatSamples([new Int16Array(24 * 700), quieter, new Int16Array(24 * 500)])
      expect(recognizeClip({ samples: padded, sampleRate: 24000 })?.transcript).toBe(clip.transcript)
    }
    expect(recognizeClip(babble('Hi, I would like to book an appointment for next week, please.'))).toBeUndefined()
  })
})

describe('EnergyVad', () => {
  const settings = { threshold: 0.5, prefixPaddingMs: 300, silenceDurationMs: 500 }
  const silence = (ms: number) => new Int16Array((8000 * ms) / 1000)

  function run(audio: Int16Array, vad: EnergyVad): VadTransition[] {
    const transitions: VadTransition[] = []
    for (let offset = 0; offset < audio.length; offset += 160) transitions.push(...vad.push(audio.subarray(offset, offset + 160)))
    return transitions
  }

  it('reports speech start with prefix padding and speech stop after the silence duration', () => {
    const audio = concat(silence(1000), tone(200, 1000, 8000, -20), silence(1000))
    expect(run(audio, new EnergyVad(settings, 8000))).toEqual([
      { kind: 'speech_started', audioStartMs: 1000 - 300 },
      { kind: 'speech_stopped', audioEndMs: 2000 + 500 },
    ])
  })

  it('ignores audio below the threshold, clicks shorter than 60 ms, and pauses shorter than the silence duration', () => {
    expect(run(tone(200, 1000, 8000, -20), new EnergyVad({ ...settings, threshold: 0.95 }, 8000))).toEqual([])
    expect(run(concat(silence(500), tone(200, 30, 8000, -10), silence(800)), new EnergyVad(settings, 8000))).toEqual([])
    const withPause = concat(tone(200, 400, 8000, -20), silence(300), tone(200, 400, 8000, -20), silence(600))
    expect(run(withPause, new EnergyVad(settings, 8000)).map((t) => t.kind)).toEqual(['speech_started', 'speech_stopped'])
  })

  it('counts time on the session clock it starts from and never pads before a commit', () => {
    const vad = new EnergyVad(settings, 8000, 5000)
    vad.restartAt(5100)
    expect(run(concat(silence(150), tone(200, 500, 8000, -20)), vad)).toEqual([{ kind: 'speech_started', audioStartMs: 5100 }])
  })
})

describe('computeUsage', () => {
  it('bills user audio per 100 ms, assistant audio per 50 ms and text per 4 characters', () => {
    const usage = computeUsage({ inputText: 'x'.repeat(40), userAudioMs: 2000, assistantAudioMs: 1000, outputText: 'y'.repeat(8), outputAudioMs: 3000 })
    expect(usage.input_token_details).toMatchObject({ text_tokens: 10, audio_tokens: 20 + 20 })
    expect(usage.output_token_details).toEqual({ text_tokens: 2, audio_tokens: 60 })
    expect(usage.input_tokens).toBe(50)
    expect(usage.output_tokens).toBe(62)
    expect(usage.total_tokens).toBe(112)
  })
})
