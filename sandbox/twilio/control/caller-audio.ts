/**
 * What a simulated caller can say through the control API: a WAV file, a tone, text, or one of
 * the Realtime stand-in's shipped clips (the speech it recognizes, so the AI receptionist
 * "hears" the clip's words).
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { clipNames, CLIPS_DIR, loadClip } from '../../realtime/speech'
import { synthesizeSpeech } from '../audio/speech'
import { tone } from '../audio/tones'
import { wavToTelephonyMono } from '../audio/wav'

export const callerAudioSchema = z.union([
  z.object({ wav: z.string().min(1) }),
  z.object({ tone: z.object({ hz: z.number().positive().max(4000), ms: z.number().int().positive().max(60_000) }) }),
  z.object({ say: z.string().min(1).max(2000), voice: z.string().optional(), language: z.string().optional() }),
  z.object({ clip: z.string().refine((name) => clipNames().includes(name), { message: `clip must be one of: ${clipNames().join(', ')}` }) }),
])

export type CallerAudio = z.infer<typeof callerAudioSchema>

export interface RenderedAudio {
  samples: Int16Array
  /** The text, when synthesized from text (used for sandbox transcriptions). */
  text?: string
  engine: 'wav' | 'tone' | 'espeak-ng' | 'tone-pattern' | 'clip'
}

export async function renderCallerAudio(audio: CallerAudio): Promise<RenderedAudio> {
  if ('wav' in audio) return { samples: wavToTelephonyMono(Buffer.from(audio.wav, 'base64')), engine: 'wav' }
  if ('clip' in audio) {
    const samples = wavToTelephonyMono(readFileSync(path.join(CLIPS_DIR, `${audio.clip}.wav`)))
    return { samples, text: loadClip(audio.clip).transcript, engine: 'clip' }
  }
  if ('tone' in audio) return { samples: tone(audio.tone.hz, audio.tone.ms), engine: 'tone' }
  const speech = await synthesizeSpeech(audio.say, { voice: audio.voice, language: audio.language })
  return { samples: speech.samples, text: audio.say, engine: speech.engine }
}
