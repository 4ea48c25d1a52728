/** What a simulated caller can say through the control API: a WAV file, a tone, or text. */
import { z } from 'zod'
import { synthesizeSpeech } from '../audio/speech'
import { tone } from '../audio/tones'
import { wavToTelephonyMono } from '../audio/wav'

export const callerAudioSchema = z.union([
  z.object({ wav: z.string().min(1) }),
  z.object({ tone: z.object({ hz: z.number().positive().max(4000), ms: z.number().int().positive().max(60_000) }) }),
  z.object({ say: z.string().min(1).max(2000), voice: z.string().optional(), language: z.string().optional() }),
])

export type CallerAudio = z.infer<typeof callerAudioSchema>

export interface RenderedAudio {
  samples: Int16Array
  /** The text, when synthesized from text (used for sandbox transcriptions). */
  text?: string
  engine: 'wav' | 'tone' | 'espeak-ng' | 'tone-pattern'
}

export async function renderCallerAudio(audio: CallerAudio): Promise<RenderedAudio> {
  if ('wav' in audio) return { samples: wavToTelephonyMono(Buffer.from(audio.wav, 'base64')), engine: 'wav' }
  if ('tone' in audio) return { samples: tone(audio.tone.hz, audio.tone.ms), engine: 'tone' }
  const speech = await synthesizeSpeech(audio.say, { voice: audio.voice, language: audio.language })
  return { samples: speech.samples, text: audio.say, engine: speech.engine }
}
