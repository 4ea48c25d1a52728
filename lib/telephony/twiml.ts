import twilio from 'twilio'
import { DEFAULT_SAY_VOICE, knownSayVoice, type SayVoice } from '@/lib/numbers/voices'

// TwiML as the webhooks answer it. Every answer is a document twilio's own VoiceResponse built,
// served as text/xml (Twilio reports 12300 "Invalid Content-Type" otherwise).

export const VoiceResponse = twilio.twiml.VoiceResponse
export type VoiceResponse = InstanceType<typeof VoiceResponse>

export const APOLOGY = 'We are sorry, we are having trouble connecting your call right now. Please leave a message after the beep, or try again later.'

export function twimlResponse(twiml: string | VoiceResponse, status = 200): Response {
  return new Response(typeof twiml === 'string' ? twiml : twiml.toString(), { status, headers: { 'Content-Type': 'text/xml; charset=utf-8' } })
}

export const emptyTwiml = () => new VoiceResponse().toString()

export const VOICEMAIL_MAX_SECONDS = 120

/**
 * The greeting, then up to two minutes after a beep, transcribed. The Record action and the
 * recording and transcription callbacks all reach the voicemail store, which merges them into one
 * voicemail by RecordingSid whatever their order. `voice` is the number's <Say> voice; the action
 * URL carries it so the thank-you after the message is spoken in it too (Twilio signs the query).
 */
export function appendVoicemail(response: VoiceResponse, greeting: string, publicUrl: string, voice: SayVoice = DEFAULT_SAY_VOICE): void {
  response.say({ voice }, greeting)
  response.record({
    maxLength: VOICEMAIL_MAX_SECONDS,
    playBeep: true,
    action: withSayVoice(`${publicUrl}/api/voice/recording-complete`, voice),
    recordingStatusCallback: `${publicUrl}/api/voice/recording-complete`,
    recordingStatusCallbackEvent: ['completed', 'absent'],
    transcribe: true,
    transcribeCallback: `${publicUrl}/api/voice/transcription-complete`,
  })
  // Reached only when the caller left no message (an empty recording skips the action).
  response.say({ voice }, 'We did not receive a message. Goodbye.')
  response.hangup()
}

/**
 * What the caller hears when something inside the app failed: an apology and a chance to leave a
 * message. Built without the database, so the fallback URL can answer it during an outage; the
 * recording reaches /api/voice/recording-complete, which answers 500 while the database is down
 * so that Twilio reports and retries it.
 */
/** A webhook URL of ours that tells the next answer which <Say> voice the call speaks in. */
export function withSayVoice(url: string, voice: SayVoice): string {
  return `${url}?${new URLSearchParams({ voice })}`
}

/** The voice a webhook URL built by withSayVoice names (checked against our list), else the default. */
export const sayVoiceIn = (url: URL) => knownSayVoice(url.searchParams.get('voice'))

export function apologyTwiml(publicUrl: string): string {
  const response = new VoiceResponse()
  appendVoicemail(response, APOLOGY, publicUrl)
  return response.toString()
}
