/**
 * Text → 8 kHz speech for `<Say>`, the application-error message and simulated callers.
 * Uses espeak-ng when installed (optional: `apt-get install espeak-ng`); otherwise a
 * deterministic tone pattern stands in (one tone per word, its length following the word's),
 * so timing and recordings still behave like speech of that length. The result says which.
 */
import { execFile } from 'node:child_process'
import { wavToTelephonyMono } from './wav'
import { concatSamples, silence, tone } from './tones'

export type SpeechEngine = 'espeak-ng' | 'tone-pattern'

export interface SpeechAudio {
  samples: Int16Array
  engine: SpeechEngine
}

export interface SpeechOptions {
  /** TwiML `voice` (man, woman, alice, Polly.*, Google.*). */
  voice?: string
  /** TwiML `language`, e.g. en-US. */
  language?: string
}

const cache = new Map<string, Promise<SpeechAudio>>()
let espeakAvailable: Promise<boolean> | null = null

export function synthesizeSpeech(text: string, options: SpeechOptions = {}): Promise<SpeechAudio> {
  const key = JSON.stringify([text, espeakVoice(options)])
  let audio = cache.get(key)
  if (!audio) {
    audio = synthesize(text, options)
    cache.set(key, audio)
  }
  return audio
}

async function synthesize(text: string, options: SpeechOptions): Promise<SpeechAudio> {
  if (text.trim() && (await hasEspeak())) {
    try {
      const wav = await runEspeak(text, espeakVoice(options))
      return { samples: wavToTelephonyMono(wav), engine: 'espeak-ng' }
    } catch {
      // fall through to the tone pattern: a broken espeak install must not break a call
    }
  }
  return { samples: tonePattern(text), engine: 'tone-pattern' }
}

function hasEspeak(): Promise<boolean> {
  espeakAvailable ??= new Promise((resolve) => execFile('espeak-ng', ['--version'], (error) => resolve(!error)))
  return espeakAvailable
}

/** espeak-ng voice name from TwiML language and voice: women's voices get the +f3 variant. */
export function espeakVoice({ voice = 'man', language = 'en-US' }: SpeechOptions): string {
  const base = language.toLowerCase()
  const feminine = /^(woman|alice)$/i.test(voice) || /polly\.(joanna|salli|kimberly|kendra|ivy|amy|emma)/i.test(voice)
  return feminine ? `${base}+f3` : base
}

function runEspeak(text: string, voice: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile('espeak-ng', ['--stdout', '-v', voice, '-s', '165', '--', text], { encoding: 'buffer', maxBuffer: 64 << 20 }, (error, stdout) =>
      error ? reject(error) : resolve(stdout),
    )
  })
}

/** ~65 ms per character like speech at ~165 words per minute, pitch from the word's letters. */
function tonePattern(text: string): Int16Array {
  const words = text.split(/\s+/).filter(Boolean)
  if (words.length === 0) return silence(200)
  return concatSamples(
    words.map((word) => {
      const pitch = 180 + ([...word].reduce((sum, ch) => sum + ch.charCodeAt(0), 0) % 160)
      return concatSamples([tone([pitch, pitch * 2], 65 * word.length, 0.25), silence(90)])
    }),
  )
}
