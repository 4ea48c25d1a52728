import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto'
import { z } from 'zod'
import { AUDIO_FORMATS } from './audio-formats'
import { mediaKey } from './media-keys'

// The app signs this into the <Stream> custom parameter `token`; the media server verifies it
// before it opens an AI session, and claims its `jti` at the app so that it is accepted once:
// a token seen in transit or in a log opens no second session, even after a media-server restart.
// `accountSid` names the Twilio subaccount whose auth token signs the WebSocket upgrade.
// Kept free of Next.js so media-server/ can import it.

export const streamSessionSchema = z.object({
  callSid: z.string().regex(/^CA[0-9a-f]{32}$/),
  accountSid: z.string().regex(/^AC[0-9a-f]{32}$/),
  organizationId: z.string().min(1),
  instructions: z.string(),
  voice: z.string().min(1),
  greeting: z.string(),
  audioFormat: z.enum(AUDIO_FORMATS).default('pcmu'),
})
export type StreamSession = z.infer<typeof streamSessionSchema>

const tokenSchema = streamSessionSchema.extend({ jti: z.uuid(), exp: z.number().int(), v: z.literal(2) })

export const STREAM_TOKEN_TTL_SECONDS = 60

/** What the media server claims once: the token's id and when it stops mattering. */
export interface StreamTokenClaim {
  jti: string
  callSid: string
  expiresAt: number
}

export type StreamTokenResult =
  | { ok: true; session: StreamSession; claim: StreamTokenClaim }
  | { ok: false; reason: 'malformed' | 'bad-signature' | 'expired' | 'invalid-claims' }

function sign(body: string, secret: string): string {
  return createHmac('sha256', mediaKey(secret, 'stream-token')).update(body).digest('base64url')
}

export function signStreamToken(session: StreamSession, secret: string, nowMs = Date.now()): string {
  const claims = { ...streamSessionSchema.parse(session), jti: randomUUID(), exp: Math.floor(nowMs / 1000) + STREAM_TOKEN_TTL_SECONDS, v: 2 }
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url')
  return `${body}.${sign(body, secret)}`
}

export function verifyStreamToken(token: string, secret: string, nowMs = Date.now()): StreamTokenResult {
  const [body, signature, extra] = token.split('.')
  if (!body || !signature || extra !== undefined) return { ok: false, reason: 'malformed' }
  const expected = Buffer.from(sign(body, secret))
  const given = Buffer.from(signature)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'bad-signature' }
  let raw: unknown
  try {
    raw = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'))
  } catch {
    return { ok: false, reason: 'malformed' }
  }
  const claims = tokenSchema.safeParse(raw)
  if (!claims.success) return { ok: false, reason: 'invalid-claims' }
  // The token only has to survive the time between our TwiML answer and Twilio opening the socket.
  if (claims.data.exp * 1000 < nowMs) return { ok: false, reason: 'expired' }
  const { jti, exp, v: _v, ...session } = claims.data
  return { ok: true, session, claim: { jti, callSid: session.callSid, expiresAt: exp * 1000 } }
}
