import { createHmac, timingSafeEqual } from 'node:crypto'

// Requests between the app and the media server (hand-backs, internal look-ups) carry an HMAC
// over a timestamp, the method, the path with its query, and the body, so a captured request
// cannot be replayed after the window nor moved to another path. Keys come from mediaKey().
// Kept free of Next.js: media-server/ imports it.

export const SIGNATURE_HEADER = 'x-hekax-signature'
export const TIMESTAMP_HEADER = 'x-hekax-timestamp'
/** How far a request's timestamp may be from the receiver's clock, either way. */
export const SIGNED_REQUEST_WINDOW_SECONDS = 300

export interface SignableRequest {
  method: string
  /** Path and query, e.g. `/api/internal/media/stream-claims`. */
  path: string
  body: string
}

function mac(key: Buffer, timestamp: string, request: SignableRequest): string {
  return createHmac('sha256', key).update(`${timestamp}\n${request.method.toUpperCase()}\n${request.path}\n${request.body}`).digest('base64url')
}

export function signRequest(key: Buffer, request: SignableRequest, nowMs = Date.now()): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000))
  return { [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: mac(key, timestamp, request) }
}

export type SignedRequestVerdict = { ok: true } | { ok: false; reason: 'unsigned' | 'stale' | 'bad-signature' }

export function verifySignedRequest(key: Buffer, headers: Headers, request: SignableRequest, nowMs = Date.now()): SignedRequestVerdict {
  const timestamp = headers.get(TIMESTAMP_HEADER)
  const signature = headers.get(SIGNATURE_HEADER)
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'unsigned' }
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > SIGNED_REQUEST_WINDOW_SECONDS) return { ok: false, reason: 'stale' }
  const expected = Buffer.from(mac(key, timestamp, request))
  const given = Buffer.from(signature)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'bad-signature' }
  return { ok: true }
}
