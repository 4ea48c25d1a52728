// The Voice SDK's errors (its TwilioError codes, @twilio/voice-sdk errors/generated) in words an
// agent can act on. Anything else keeps the SDK's own explanation.

const PLAIN: Record<number, string> = {
  20101: 'The softphone could not sign in to the phone system. Reload the page; if it keeps happening, ask an admin to check the phone setup.',
  20104: 'The softphone’s sign-in expired. It is renewing it; reload the page if calls do not come through.',
  31204: 'The softphone could not sign in to the phone system. Reload the page; if it keeps happening, ask an admin to check the phone setup.',
  31205: 'The softphone’s sign-in expired. It is renewing it; reload the page if calls do not come through.',
  31401: 'The browser is not allowed to use your microphone. Allow microphone access for this site (the icon in the address bar), then try again.',
  31208: 'The browser is not allowed to use your microphone. Allow microphone access for this site (the icon in the address bar), then try again.',
  31005: 'The connection to the phone system dropped. Reconnecting…',
  31009: 'The connection to the phone system dropped. Reconnecting…',
  53000: 'The connection to the phone system dropped. Reconnecting…',
}

export function plainSdkError(error: { code?: number; message?: string; explanation?: string } | null | undefined): string {
  if (!error) return 'Something went wrong with the softphone.'
  return (error.code !== undefined && PLAIN[error.code]) || error.explanation || error.message || 'Something went wrong with the softphone.'
}
