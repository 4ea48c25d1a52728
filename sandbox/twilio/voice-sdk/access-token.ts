/**
 * Verifying a Voice access token the way Twilio's signaling gateway does: a JWT signed HS256
 * with the secret of an API key (`iss`) of the account (`sub`), carrying the grants
 * (https://www.twilio.com/docs/iam/access-tokens). The failures carry the Voice SDK's error
 * codes (@twilio/voice-sdk esm/twilio/errors/generated.js): 31204 invalid JWT, 31205 expired,
 * 31202 signature validation failed, 31207 expiration too long (Twilio allows 24 hours).
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import type { SandboxStore } from '../store'
import { SignalingError } from './errors'

const MAX_TTL_SECONDS = 24 * 60 * 60

export interface VoiceGrant {
  accountSid: string
  keySid: string
  identity: string
  /** `grants.voice.incoming.allow`: the device may register for incoming calls. */
  incomingAllowed: boolean
  /** `grants.voice.outgoing.application_sid`: the TwiML App device.connect() reaches. */
  outgoingApplicationSid: string | null
  /** `grants.voice.outgoing.params`: sent with every outgoing call's voice request. */
  outgoingParams: Record<string, string>
  expiresAtMs: number
}

export function verifyAccessToken(token: unknown, store: SandboxStore, nowMs: number): VoiceGrant {
  if (typeof token !== 'string') throw new SignalingError(31204, 'Invalid JWT token')
  const parts = token.split('.')
  if (parts.length !== 3) throw new SignalingError(31204, 'Invalid JWT token')
  const [headerPart, payloadPart, signaturePart] = parts
  const header = decodePart(headerPart)
  const payload = decodePart(payloadPart)
  if (header.alg !== 'HS256' || typeof payload.iss !== 'string' || typeof payload.sub !== 'string' || typeof payload.exp !== 'number') {
    throw new SignalingError(31204, 'Invalid JWT token')
  }
  const key = store.keys.get(payload.iss)
  const expected = key ? createHmac('sha256', key.secret).update(`${headerPart}.${payloadPart}`).digest() : null
  const signature = Buffer.from(signaturePart, 'base64url')
  if (!key || key.accountSid !== payload.sub || !expected || signature.length !== expected.length || !timingSafeEqual(signature, expected)) {
    throw new SignalingError(31202, 'JWT signature validation failed')
  }
  if (payload.exp * 1000 <= nowMs) throw new SignalingError(31205, 'JWT token expired')
  const issuedAt = typeof payload.iat === 'number' ? payload.iat : Math.floor(nowMs / 1000)
  if (payload.exp - issuedAt > MAX_TTL_SECONDS) throw new SignalingError(31207, 'JWT token expiration too long')
  const grants = (payload.grants ?? {}) as { identity?: unknown; voice?: { incoming?: { allow?: unknown }; outgoing?: { application_sid?: unknown; params?: unknown } } }
  if (typeof grants.identity !== 'string' || !grants.identity || !grants.voice) throw new SignalingError(31204, 'Invalid JWT token: no identity or voice grant')
  const outgoing = grants.voice.outgoing
  return {
    accountSid: payload.sub,
    keySid: payload.iss,
    identity: grants.identity,
    incomingAllowed: grants.voice.incoming?.allow === true,
    outgoingApplicationSid: typeof outgoing?.application_sid === 'string' ? outgoing.application_sid : null,
    outgoingParams: stringRecord(outgoing?.params),
    expiresAtMs: payload.exp * 1000,
  }
}

function decodePart(part: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'))
    if (value && typeof value === 'object') return value as Record<string, unknown>
  } catch {
    // fall through
  }
  throw new SignalingError(31204, 'Invalid JWT token')
}

function stringRecord(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object') return {}
  return Object.fromEntries(Object.entries(value).map(([name, v]) => [name, String(v)]))
}
