// The voice webhooks Twilio calls for our numbers and our TwiML App, always built from the
// configured public URL (never from request headers): Twilio signs each request against the URL
// it was given, and our webhook wrapper checks the signature against the same configured URL.
export function voiceWebhooks(publicUrl: string) {
  return {
    voiceUrl: `${publicUrl}/api/voice/incoming`,
    voiceMethod: 'POST',
    voiceFallbackUrl: `${publicUrl}/api/voice/fallback`,
    voiceFallbackMethod: 'POST',
    statusCallback: `${publicUrl}/api/voice/status`,
    statusCallbackMethod: 'POST',
  } as const
}

/** The TwiML App's: its voice URL answers the calls softphones place (the Voice SDK's connect). */
export function applicationWebhooks(publicUrl: string) {
  return { ...voiceWebhooks(publicUrl), voiceUrl: `${publicUrl}/api/voice/outgoing` } as const
}
