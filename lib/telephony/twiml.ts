import twilio from 'twilio'

// TwiML as the webhooks answer it. Every answer is a document twilio's own VoiceResponse built,
// served as text/xml (Twilio reports 12300 "Invalid Content-Type" otherwise).

export const VoiceResponse = twilio.twiml.VoiceResponse
export type VoiceResponse = InstanceType<typeof VoiceResponse>

/** The voice <Say> speaks in; the Realtime voice (alloy…) is not a Twilio <Say> voice. */
export const SAY_VOICE = 'Polly.Joanna' as const

export const APOLOGY = 'We are sorry, we are having trouble connecting your call right now. Please leave a message after the beep, or try again later.'

export function twimlResponse(twiml: string | VoiceResponse, status = 200): Response {
  return new Response(typeof twiml === 'string' ? twiml : twiml.toString(), { status, headers: { 'Content-Type': 'text/xml; charset=utf-8' } })
}

export const emptyTwiml = () => new VoiceResponse().toString()

/**
 * What the caller hears when something inside the app failed: an apology and a chance to leave a
 * message. Built without the database, so the fallback URL can answer it during an outage; the
 * recording reaches /api/voice/recording-complete, which stores it once the database is back
 * (Twilio retries the callback while it fails).
 */
export function apologyTwiml(publicUrl: string): string {
  const response = new VoiceResponse()
  response.say({ voice: SAY_VOICE }, APOLOGY)
  response.record({
    maxLength: 120,
    playBeep: true,
    action: `${publicUrl}/api/voice/recording-complete`,
    recordingStatusCallback: `${publicUrl}/api/voice/recording-complete`,
    recordingStatusCallbackEvent: ['completed', 'absent'],
  })
  response.say({ voice: SAY_VOICE }, 'Goodbye.')
  response.hangup()
  return response.toString()
}
