import { randomBytes, randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as accountRoute from '../app/api/internal/media/accounts/[accountSid]/route'
import * as claimRoute from '../app/api/internal/media/stream-claims/route'
import { config } from '../lib/config/env'
import { testPrisma } from '../lib/db/test-database'
import { sealedSecretColumns } from '../lib/provisioning/organization-secrets'
import { mediaKey } from '../lib/telephony/media-keys'
import { signRequest } from '../lib/telephony/signed-request'
import { createOrganization } from '../lib/testing/factories'
import { serveRoutes, type RouteServer } from '../lib/testing/route-server'
import { appStreamGate } from './app-gate'

// The media server's questions to the app, answered by the app's real internal routes and
// database over HTTP.
describe('the media server’s gate to the app', () => {
  const db = testPrisma()
  let app: RouteServer
  const accountSid = `AC${randomBytes(16).toString('hex')}`
  const authToken = randomBytes(16).toString('hex')

  beforeAll(async () => {
    app = await serveRoutes({ '/api/internal/media/accounts/[accountSid]': accountRoute, '/api/internal/media/stream-claims': claimRoute })
    const org = await createOrganization(db, 'gate')
    await db.organization.update({ where: { id: org.organizationId }, data: { twilioAccountSid: accountSid, ...sealedSecretColumns(org.organizationId, { authToken, apiKeySecret: 'key-secret' }) } })
  })
  afterAll(() => app.close())

  it('learns a subaccount’s auth token once and serves it from its cache; an unknown account has none', async () => {
    const gate = appStreamGate(app.url, config().secrets.mediaStream)
    expect(await gate.authToken(accountSid)).toBe(authToken)
    expect(await gate.authToken(accountSid)).toBe(authToken)
    expect(app.requests.filter((request) => request.includes(accountSid))).toHaveLength(1)
    gate.forget(accountSid)
    expect(await gate.authToken(accountSid)).toBe(authToken)
    expect(app.requests.filter((request) => request.includes(accountSid))).toHaveLength(2)
    expect(await gate.authToken(`AC${'0'.repeat(31)}9`)).toBeNull()
  })

  it('claims a stream token once: a replay is refused, also by a restarted media server', async () => {
    const claim = { jti: randomUUID(), callSid: `CA${randomBytes(16).toString('hex')}`, expiresAt: Date.now() + 60_000 }
    expect(await appStreamGate(app.url, config().secrets.mediaStream).claim(claim)).toBe('claimed')
    expect(await appStreamGate(app.url, config().secrets.mediaStream).claim(claim)).toBe('replayed')
    expect(await appStreamGate(app.url, config().secrets.mediaStream).claim({ ...claim, jti: randomUUID(), expiresAt: Date.now() - 1 })).toBe('expired')
  })

  it('is refused by the app without the internal key, with another purpose’s key, or with a stale signature', async () => {
    const path = `/api/internal/media/accounts/${accountSid}`
    const signedWith = (key: Buffer, nowMs = Date.now()) => fetch(`${app.url}${path}`, { headers: signRequest(key, { method: 'GET', path, body: '' }, nowMs) })
    expect((await fetch(`${app.url}${path}`)).status).toBe(401)
    expect((await signedWith(mediaKey(config().secrets.mediaStream, 'hand-back'))).status).toBe(401)
    expect((await signedWith(mediaKey(config().secrets.mediaStream, 'internal-api'), Date.now() - 10 * 60_000)).status).toBe(401)
    const refused = await signedWith(mediaKey('another-deployment-secret-0123456789abcdef', 'internal-api'))
    expect(refused.status).toBe(401)
    expect(await refused.text()).not.toContain(authToken)
    expect((await signedWith(mediaKey(config().secrets.mediaStream, 'internal-api'))).status).toBe(200)
  })
})
