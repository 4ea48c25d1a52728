/**
 * Whether a Media Stream may open an AI session. The app signs the call's session context
 * into the <Stream> custom parameter `token` (lib/telephony/stream-token.ts); anyone can open
 * a WebSocket to us, so a stream without a valid, fresh token for this very call is refused.
 * Beyond the token (checked here, without I/O), the bridge asks the app (app-gate.ts) for the
 * auth token that must have signed the upgrade, and claims the token so it is used once.
 */
import { validateRequest } from 'twilio/lib/webhooks/webhooks'
import { verifyStreamToken, type StreamSession, type StreamTokenClaim } from '../lib/telephony/stream-token'
import type { TwilioStart } from './twilio-stream'

export type StreamRefusal = 'unsigned' | 'malformed' | 'bad-signature' | 'expired' | 'invalid-claims' | 'call-mismatch'

export type StreamAuthorization = { ok: true; session: StreamSession; claim: StreamTokenClaim } | { ok: false; reason: StreamRefusal }

/** What the WebSocket upgrade carried: the URL Twilio dialled (our public URL) and its X-Twilio-Signature. */
export interface StreamUpgrade {
  url: string
  signature?: string
}

/**
 * Twilio signs the upgrade like a webhook with no parameters: HMAC-SHA1 of the URL with the
 * account's auth token (https://www.twilio.com/docs/usage/webhooks/webhooks-security); its own
 * validateRequest also accepts the URL with or without the default port.
 */
export function upgradeSignedBy(authToken: string, upgrade: StreamUpgrade): boolean {
  return Boolean(upgrade.signature) && validateRequest(authToken, upgrade.signature!, upgrade.url, {})
}

export function authorizeStream(start: TwilioStart, secret: string, nowMs = Date.now()): StreamAuthorization {
  const token = start.start.customParameters.token
  if (!token) return { ok: false, reason: 'unsigned' }
  const verified = verifyStreamToken(token, secret, nowMs)
  if (!verified.ok) return verified
  // A genuine token replayed onto another call would run that call with someone else's context.
  if (verified.session.callSid !== start.start.callSid) return { ok: false, reason: 'call-mismatch' }
  return verified
}
