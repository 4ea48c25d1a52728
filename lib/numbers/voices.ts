import type { SayAttributes } from 'twilio/lib/twiml/VoiceResponse'

// The OpenAI Realtime voices a number may choose instead of the organization's default
// (https://platform.openai.com/docs/guides/realtime-conversations#voice-options).
export const REALTIME_VOICES = ['alloy', 'ash', 'ballad', 'coral', 'echo', 'sage', 'shimmer', 'verse', 'marin', 'cedar'] as const
export type RealtimeVoice = (typeof REALTIME_VOICES)[number]

// What <Say> speaks in on a number's calls (greetings, the closed message, the voicemail prompt,
// queue announcements): the Amazon Polly neural voice nearest the number's Realtime voice, so the
// caller hears one persona whether the AI or a recorded prompt is talking. The names are Twilio's
// (https://www.twilio.com/docs/voice/twiml/say/text-speech#available-voices-and-languages).
export type SayVoice = NonNullable<SayAttributes['voice']>

// Typed with twilio's own list of <Say> voices, so a misspelt name does not compile.
export const SAY_VOICES: Record<RealtimeVoice, SayVoice> = {
  alloy: 'Polly.Joanna-Neural',
  ash: 'Polly.Matthew-Neural',
  ballad: 'Polly.Brian-Neural',
  coral: 'Polly.Ruth-Neural',
  echo: 'Polly.Gregory-Neural',
  sage: 'Polly.Danielle-Neural',
  shimmer: 'Polly.Kendra-Neural',
  verse: 'Polly.Joey-Neural',
  marin: 'Polly.Salli-Neural',
  cedar: 'Polly.Stephen-Neural',
}

/** When nothing is known of the number (the fallback URL answers without the database). */
export const DEFAULT_SAY_VOICE = SAY_VOICES.alloy

const isRealtimeVoice = (voice: string): voice is RealtimeVoice => (REALTIME_VOICES as readonly string[]).includes(voice)

/** The <Say> voice for a Realtime voice setting (the number's, else the organization's). */
export function sayVoiceFor(realtimeVoice: string | null | undefined): SayVoice {
  return realtimeVoice && isRealtimeVoice(realtimeVoice) ? SAY_VOICES[realtimeVoice] : DEFAULT_SAY_VOICE
}

/** A <Say> voice carried back to us in a webhook URL we built (signed by Twilio): one of ours, or the default. */
export function knownSayVoice(voice: string | null): SayVoice {
  return Object.values(SAY_VOICES).find((known) => known === voice) ?? DEFAULT_SAY_VOICE
}
