/**
 * Where the stand-in's spoken audio comes from. A line of text becomes real speech by, in
 * order: a shipped clip whose transcript is exactly that text (deterministic everywhere),
 * espeak-ng when installed (cached under .local/realtime-tts/), and otherwise a
 * deterministic speech-like synthesis (voiced syllables with vowel formants) so that any
 * scripted line still yields audible, correctly timed audio with a matching transcript.
 */
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { mkdir, readFile, rename } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import { clamp16, concatSamples } from './pcm'
import { parseWav, type PcmAudio } from './wav'

export interface Speech extends PcmAudio {
  transcript: string
}

export const CLIPS_DIR = path.join(import.meta.dirname, 'clips')
const REPO_ROOT = path.resolve(import.meta.dirname, '../..')
const TTS_CACHE_DIR = path.join(REPO_ROOT, '.local/realtime-tts')

export function clipNames(): string[] {
  return readdirSync(CLIPS_DIR)
    .filter((file) => file.endsWith('.wav'))
    .map((file) => file.slice(0, -'.wav'.length))
    .sort()
}

const loadedClips = new Map<string, Speech>()

export function loadClip(name: string): Speech {
  const base = path.join(CLIPS_DIR, name)
  if (!/^[a-z0-9-]+$/.test(name) || !existsSync(`${base}.wav`)) throw new Error(`no shipped clip named "${name}"`)
  let clip = loadedClips.get(name)
  if (!clip) {
    clip = { ...parseWav(readFileSync(`${base}.wav`)), transcript: readFileSync(`${base}.txt`, 'utf8').trim() }
    loadedClips.set(name, clip)
  }
  return clip
}

function clipSpeaking(text: string): Speech | undefined {
  const wanted = normalize(text)
  for (const name of clipNames()) {
    const clip = loadClip(name)
    if (normalize(clip.transcript) === wanted) return clip
  }
  return undefined
}

function normalize(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase()
}

const run = promisify(execFile)
let espeakAvailable: Promise<boolean> | undefined

export function hasEspeak(): Promise<boolean> {
  espeakAvailable ??= run('espeak-ng', ['--version']).then(
    () => true,
    () => false,
  )
  return espeakAvailable
}

/** espeak-ng writes 16-bit mono WAV at 22 050 Hz; the text goes in as an argument, never through a shell. */
async function espeak(text: string): Promise<Speech> {
  const key = createHash('sha256').update(text).digest('hex').slice(0, 24)
  const file = path.join(TTS_CACHE_DIR, `${key}.wav`)
  if (!existsSync(file)) {
    await mkdir(TTS_CACHE_DIR, { recursive: true })
    const partial = `${file}.${process.pid}.tmp`
    await run('espeak-ng', ['-v', 'en-us', '-s', '160', '-w', partial, '--', text])
    await rename(partial, file)
  }
  return { ...parseWav(await readFile(file)), transcript: text }
}

export type SpeechSource = 'auto' | 'builtin'

/**
 * Speech for `text`. `builtin` skips espeak-ng (reproducible audio in tests regardless of
 * what the machine has installed).
 */
export async function speak(text: string, source: SpeechSource = 'auto'): Promise<Speech> {
  const clip = clipSpeaking(text)
  if (clip) return clip
  if (source === 'auto' && (await hasEspeak())) return espeak(text)
  return babble(text)
}

const BABBLE_RATE = 16000
const SYLLABLE_MS = 170
const WORD_GAP_MS = 70
/** First and second formants (Hz) of five vowels; the text's letters pick which one each syllable uses. */
const VOWEL_FORMANTS = [
  [730, 1090],
  [530, 1840],
  [270, 2290],
  [570, 840],
  [300, 870],
]

/**
 * Deterministic speech-like audio: per word, one voiced syllable per ~3 letters (a pitch
 * contour around 140 Hz whose harmonics are weighted by a vowel's formants, with a
 * syllabic envelope), and short pauses between words. About 4–5 syllables per second,
 * the rate of conversational English, so durations track the transcript plausibly.
 */
export function babble(text: string): Speech {
  const pieces: Int16Array[] = []
  const words = text.split(/\s+/).filter(Boolean)
  let letterIndex = 0
  for (const word of words) {
    const syllables = Math.max(1, Math.round(word.length / 3))
    for (let s = 0; s < syllables; s++) {
      const code = word.charCodeAt(Math.min(word.length - 1, s * 3)) + letterIndex
      pieces.push(voicedSyllable(VOWEL_FORMANTS[code % VOWEL_FORMANTS.length], 120 + (code % 5) * 10))
    }
    letterIndex += word.length
    pieces.push(new Int16Array((BABBLE_RATE * WORD_GAP_MS) / 1000))
  }
  return { samples: concatSamples(pieces), sampleRate: BABBLE_RATE, transcript: text }
}

function voicedSyllable([f1, f2]: number[], pitchHz: number): Int16Array {
  const length = (BABBLE_RATE * SYLLABLE_MS) / 1000
  const out = new Int16Array(length)
  let phase = 0
  for (let i = 0; i < length; i++) {
    const progress = i / length
    const f0 = pitchHz * (1.1 - 0.2 * progress)
    phase += (2 * Math.PI * f0) / BABBLE_RATE
    let value = 0
    for (let harmonic = 1; harmonic * f0 < 3500; harmonic++) {
      const frequency = harmonic * f0
      const weight = 1 / (1 + ((frequency - f1) / 150) ** 2) + 0.6 / (1 + ((frequency - f2) / 200) ** 2)
      value += weight * Math.sin(harmonic * phase)
    }
    const envelope = Math.sin(Math.PI * progress) ** 0.6
    out[i] = clamp16(value * envelope * 6000)
  }
  return out
}
