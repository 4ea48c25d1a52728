/**
 * Regenerates the shipped clips (run once, by hand: `npx tsx sandbox/realtime/make-clips.ts`;
 * needs espeak-ng). Each clip is stored as 8 kHz μ-law WAV — the telephone format, a byte
 * per sample — with its transcript beside it in `<name>.txt`.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { resample } from './pcm'
import { CLIPS_DIR } from './speech'
import { mulawWav, parseWav } from './wav'

const CLIPS: Record<string, string> = {
  greeting: 'Hello, thanks for calling. How can I help you today?',
  'reply-help': 'Sure, I can help with that. Could you tell me a little more?',
  'reply-noted': 'Thanks, I have noted that down. Is there anything else?',
  'reply-follow-up': 'Got it. Someone from the team will follow up with you shortly.',
  'caller-question': 'Hi, I would like to book an appointment for next week, please.',
}

const TELEPHONE_RATE = 8000

for (const [name, text] of Object.entries(CLIPS)) {
  const scratch = path.join(tmpdir(), `clip-${name}-${process.pid}.wav`)
  execFileSync('espeak-ng', ['-v', 'en-us', '-s', '160', '-w', scratch, '--', text])
  const speech = parseWav(readFileSync(scratch))
  rmSync(scratch)
  const samples = resample(speech.samples, speech.sampleRate, TELEPHONE_RATE)
  writeFileSync(path.join(CLIPS_DIR, `${name}.wav`), mulawWav({ samples, sampleRate: TELEPHONE_RATE }))
  writeFileSync(path.join(CLIPS_DIR, `${name}.txt`), `${text}\n`)
  console.log(`${name}: ${((samples.length / TELEPHONE_RATE) * 1000).toFixed(0)} ms`)
}
