/**
 * Whether a Media Stream may open an AI session. The app signs the call's session context
 * into the <Stream> custom parameter `token` (lib/telephony/stream-token.ts); anyone can open
 * a WebSocket to us, so a stream without a valid, fresh token for this very call is refused.
 */
import { verifyStreamToken, type StreamSession } from '../lib/telephony/stream-token'
import type { TwilioStart } from './twilio-stream'

export type StreamRefusal = 'unsigned' | 'malformed' | 'bad-signature' | 'expired' | 'invalid-claims' | 'call-mismatch'

export type StreamAuthorization = { ok: true; session: StreamSession } | { ok: false; reason: StreamRefusal }

export function authorizeStream(start: TwilioStart, secret: string, nowMs = Date.now()): StreamAuthorization {
  const token = start.start.customParameters.token
  if (!token) return { ok: false, reason: 'unsigned' }
  const verified = verifyStreamToken(token, secret, nowMs)
  if (!verified.ok) return verified
  // A genuine token replayed onto another call would run that call with someone else's context.
  if (verified.session.callSid !== start.start.callSid) return { ok: false, reason: 'call-mismatch' }
  return verified
}
