/**
 * What the media server asks the app before a stream may open an AI session: the auth token of
 * the subaccount that signed the WebSocket upgrade (cached, since every call of an organization
 * needs the same one), and a one-time claim of the stream token's id, kept in the app's
 * database so that a replay is refused even after this process restarts. Requests are signed
 * with the internal-API key (lib/telephony/signed-request.ts); the app's door is
 * lib/telephony/media-server-door.ts.
 */
import { mediaKey } from '../lib/telephony/media-keys'
import { signRequest } from '../lib/telephony/signed-request'
import type { StreamTokenClaim } from '../lib/telephony/stream-token'

export type ClaimVerdict = 'claimed' | 'replayed' | 'expired'

export interface StreamGate {
  /** The subaccount's auth token; null when no organization owns it. Throws when the app cannot answer. */
  authToken(accountSid: string): Promise<string | null>
  /** Forgets a cached token, e.g. after a signature it did not verify (the token may have been rotated). */
  forget(accountSid: string): void
  claim(claim: StreamTokenClaim): Promise<ClaimVerdict>
}

const REQUEST_TIMEOUT_MS = 3000
const TOKEN_CACHE_MS = 5 * 60 * 1000

/** A signed request to the app's internal API (the media-server door verifies it). */
export type AppCall = (method: 'GET' | 'POST', path: string, payload?: unknown) => Promise<Response>

export function appInternalApi(appUrl: string, streamSecret: string, now = () => Date.now()): AppCall {
  const key = mediaKey(streamSecret, 'internal-api')
  return (method, path, payload) => {
    const body = payload === undefined ? '' : JSON.stringify(payload)
    return fetch(new URL(path, appUrl), {
      method,
      headers: { ...signRequest(key, { method, path, body }, now()), ...(body && { 'content-type': 'application/json' }) },
      body: body || undefined,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    })
  }
}

export function appStreamGate(appUrl: string, streamSecret: string, now = () => Date.now()): StreamGate {
  const call = appInternalApi(appUrl, streamSecret, now)
  const cache = new Map<string, { authToken: string | null; fetchedAt: number }>()

  return {
    async authToken(accountSid) {
      const cached = cache.get(accountSid)
      if (cached && now() - cached.fetchedAt < TOKEN_CACHE_MS) return cached.authToken
      const response = await call('GET', `/api/internal/media/accounts/${encodeURIComponent(accountSid)}`)
      if (response.status !== 200 && response.status !== 404) throw new Error(`the app answered ${response.status} to the account look-up`)
      const authToken = response.status === 200 ? ((await response.json()) as { authToken: string }).authToken : null
      cache.set(accountSid, { authToken, fetchedAt: now() })
      return authToken
    },
    forget(accountSid) {
      cache.delete(accountSid)
    },
    async claim(claim) {
      const response = await call('POST', '/api/internal/media/stream-claims', claim)
      const verdict = ({ 201: 'claimed', 409: 'replayed', 410: 'expired' } as const)[response.status as 201 | 409 | 410]
      if (!verdict) throw new Error(`the app answered ${response.status} to the stream-token claim`)
      return verdict
    },
  }
}
