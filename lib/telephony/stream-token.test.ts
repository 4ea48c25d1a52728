import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { mediaKey } from './media-keys'
import { signRequest, verifySignedRequest } from './signed-request'
import { signStreamToken, verifyStreamToken, STREAM_TOKEN_TTL_SECONDS, type StreamSession } from './stream-token'

const SECRET = 'stream-secret-for-tests-0123456789abcdef'
const session: StreamSession = {
  callSid: `CA${'a'.repeat(32)}`,
  accountSid: `AC${'b'.repeat(32)}`,
  organizationId: 'org_1',
  instructions: 'Be brief.',
  voice: 'marin',
  greeting: 'Hello',
  audioFormat: 'pcmu',
}

describe('stream tokens', () => {
  it('carry the session and a one-time id to claim, valid for the TTL only', () => {
    const now = Date.UTC(2026, 11, 1, 12)
    const token = signStreamToken(session, SECRET, now)
    const verified = verifyStreamToken(token, SECRET, now)
    expect(verified).toMatchObject({ ok: true, session, claim: { callSid: session.callSid, expiresAt: now + STREAM_TOKEN_TTL_SECONDS * 1000 } })
    const again = verifyStreamToken(signStreamToken(session, SECRET, now), SECRET, now)
    expect(again.ok && verified.ok && again.claim.jti !== verified.claim.jti).toBe(true)
    expect(verifyStreamToken(token, SECRET, now + (STREAM_TOKEN_TTL_SECONDS + 1) * 1000)).toEqual({ ok: false, reason: 'expired' })
  })

  it('are signed with a key of their own: the bare secret or the hand-back key does not forge one', () => {
    const token = signStreamToken(session, SECRET)
    const [body] = token.split('.')
    for (const key of [Buffer.from(SECRET), mediaKey(SECRET, 'hand-back'), mediaKey(SECRET, 'internal-api')]) {
      const forged = `${body}.${createHmac('sha256', key).update(body!).digest('base64url')}`
      expect(verifyStreamToken(forged, SECRET)).toEqual({ ok: false, reason: 'bad-signature' })
    }
  })
})

describe('signed requests between the app and the media server', () => {
  const key = mediaKey(SECRET, 'hand-back')
  const request = { method: 'POST', path: '/api/voice/hand-back', body: '{"callSid":"CA1"}' }
  const now = Date.UTC(2026, 11, 1, 12)

  it('verify within the window and refuse a stale, moved, altered or differently keyed request', () => {
    const headers = new Headers(signRequest(key, request, now))
    expect(verifySignedRequest(key, headers, request, now + 60_000)).toEqual({ ok: true })
    expect(verifySignedRequest(key, headers, request, now + 301_000)).toEqual({ ok: false, reason: 'stale' })
    expect(verifySignedRequest(key, headers, request, now - 301_000)).toEqual({ ok: false, reason: 'stale' })
    expect(verifySignedRequest(key, headers, { ...request, path: '/api/internal/media/stream-claims' }, now)).toEqual({ ok: false, reason: 'bad-signature' })
    expect(verifySignedRequest(key, headers, { ...request, body: '{"callSid":"CA2"}' }, now)).toEqual({ ok: false, reason: 'bad-signature' })
    expect(verifySignedRequest(mediaKey(SECRET, 'internal-api'), headers, request, now)).toEqual({ ok: false, reason: 'bad-signature' })
    expect(verifySignedRequest(key, new Headers(), request, now)).toEqual({ ok: false, reason: 'unsigned' })
  })
})
