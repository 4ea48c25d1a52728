import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { encodeWav } from '../audio/wav'
import { tone } from '../audio/tones'
import { createTestSandbox, type TestSandbox } from '../engine/testing/harness'
import { startTwimlApp, twiml, type TwimlApp } from '../engine/testing/twiml-app'
import { createControlHandler } from './index'

describe('control API', () => {
  let sandbox: TestSandbox
  let app: TwimlApp
  let server: Server
  let base: string

  beforeEach(async () => {
    sandbox = createTestSandbox()
    app = await startTwimlApp((r) =>
      r.path === '/voice' ? twiml('<Gather action="/digits" numDigits="1" timeout="10"><Say>Press a key</Say></Gather>') : twiml('<Pause length="30"/>'),
    )
    const handle = createControlHandler({ engine: sandbox.engine, store: sandbox.store, accountSid: sandbox.parent.sid })
    server = createServer(async (req, res) => {
      if (!(await handle(req, res))) res.writeHead(418).end()
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterEach(async () => {
    await sandbox.close()
    await app.close()
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })

  const api = async (path: string, method = 'GET', body?: unknown) => {
    const response = await fetch(`${base}/sandbox/api${path}`, { method, headers: { 'Content-Type': 'application/json' }, body: body ? JSON.stringify(body) : undefined })
    return { status: response.status, body: await response.json() }
  }

  it('serves the page and lists numbers; leaves other paths to the rest of the server', async () => {
    sandbox.buyNumber(sandbox.subaccount.sid, '+15005550040', { voiceUrl: app.url('/voice') })
    const page = await fetch(`${base}/sandbox`)
    expect(page.headers.get('content-type')).toContain('text/html')
    expect(await page.text()).toContain('id="place-call"')
    expect((await api('/numbers')).body).toEqual([expect.objectContaining({ phoneNumber: '+15005550040', accountSid: sandbox.subaccount.sid })])
    expect((await fetch(`${base}/2010-04-01/Accounts.json`)).status).toBe(418)
  })

  it('places a call, presses a key, speaks, hangs up, and exposes the event log', async () => {
    sandbox.buyNumber(sandbox.subaccount.sid, '+15005550041', { voiceUrl: app.url('/voice') })
    const placed = await api('/calls', 'POST', { from: '+14155550100', to: '+15005550041' })
    expect(placed.status).toBe(201)
    const callSid = placed.body.sid
    await app.waitForRequest('/voice')
    expect((await api(`/calls/${callSid}/dtmf`, 'POST', { digits: '7' })).status).toBe(200)
    expect((await app.waitForRequest('/digits')).params.Digits).toBe('7')

    const spoken = await api(`/calls/${callSid}/audio`, 'POST', { say: 'I would like an appointment' })
    expect(spoken.body.durationMs).toBeGreaterThan(500)
    expect(['espeak-ng', 'tone-pattern']).toContain(spoken.body.engine)
    const wav = encodeWav([tone(440, 250)]).toString('base64')
    expect((await api(`/calls/${callSid}/audio`, 'POST', { wav })).body.durationMs).toBe(250)
    expect((await api(`/calls/${callSid}/audio`, 'POST', { tone: { hz: 300, ms: 100 } })).body.engine).toBe('tone')
    // A Realtime stand-in clip, said once the line has been quiet (turn-taking.test.ts).
    const scheduled = await api(`/calls/${callSid}/audio`, 'POST', { clip: 'caller-question', whenQuietMs: 700 })
    expect(scheduled).toMatchObject({ status: 202, body: { scheduled: true, engine: 'clip' } })
    expect((await api(`/calls/${callSid}/audio`, 'POST', { clip: 'no-such-clip' })).status).toBe(400)

    const hungUp = await api(`/calls/${callSid}/hangup`, 'POST')
    expect(hungUp.body.status).toBe('completed')
    const events = (await api(`/calls/${callSid}/events`)).body as { seq: number; type: string; detail: any }[]
    const webhooks = events.filter((e) => e.type === 'webhook')
    expect(webhooks.map((e) => e.detail.purpose)).toEqual(['voice', 'action'])
    expect(webhooks[1].detail.request.params.Digits).toBe('7')
    expect(webhooks[0].detail.request.signature).toBe(app.requestsTo('/voice')[0].headers['x-twilio-signature'])
    expect(webhooks[0].detail.response).toMatchObject({ status: 200 })
    expect(events.some((e) => e.type === 'dtmf')).toBe(true)
    const later = (await api(`/calls/${callSid}/events?since=${events.at(-2)!.seq}`)).body
    expect(later).toHaveLength(1)
  })

  it('configures outside numbers and validates input', async () => {
    const put = await api('/outside-numbers/%2B14155550999', 'PUT', { behavior: 'busy' })
    expect(put.body).toEqual({ phoneNumber: '+14155550999', config: { behavior: 'busy', ringSeconds: 2 } })
    expect(sandbox.engine.outsideNumbers.get('+14155550999').behavior).toBe('busy')
    expect((await api('/outside-numbers/%2B1415', 'PUT', { behavior: 'explode' })).status).toBe(400)
    expect((await api('/calls', 'POST', { from: '+14155550100', to: '+19999999999' })).status).toBe(404)
    expect((await api('/calls', 'POST', { from: 'anonymous', to: '+19999999999' })).status).toBe(400)
  })
})
