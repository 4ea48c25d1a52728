import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../clock'
import { createTestSandbox, type TestSandbox } from '../engine/testing/harness'
import { startTwimlApp, twiml, type TwimlApp } from '../engine/testing/twiml-app'
import { createControlHandler } from './index'

// GET /sandbox/api/calls/{CA}/heard: what a simulated party heard lately, so a test at the other
// end of a call (a browser softphone) can prove its audio and key presses arrived.
describe('control API: what a party hears', () => {
  let clock: ManualClock
  let sandbox: TestSandbox
  let app: TwimlApp
  let server: Server
  let base: string

  beforeEach(async () => {
    clock = new ManualClock()
    sandbox = createTestSandbox({ clock })
    sandbox.engine.outsideNumbers.set('+14155550003', { behavior: 'answer', ringSeconds: 0 })
    app = await startTwimlApp(() => twiml('<Dial><Number>+14155550003</Number></Dial>'))
    const handle = createControlHandler({ engine: sandbox.engine, store: sandbox.store, accountSid: sandbox.parent.sid })
    server = createServer(async (req, res) => {
      if (!(await handle(req, res))) res.writeHead(418).end()
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sandbox/api`
  })
  afterEach(async () => {
    await sandbox.close()
    await app.close()
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })

  const post = (path: string, body: unknown) => fetch(`${base}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
  const heard = async (sid: string, query: string) => (await fetch(`${base}/calls/${sid}/heard?${query}`)).json()

  it('reports the level, the dominant frequency and chosen tones: the other leg’s voice, and its keys as their DTMF tones', async () => {
    sandbox.buyNumber(sandbox.subaccount.sid, '+15005550061', { voiceUrl: app.url('/voice') })
    const call = sandbox.engine.placeInboundCall({ from: '+14155550100', to: '+15005550061' })
    await app.waitForRequest('/voice')
    await clock.advance(1000)
    const callee = [...sandbox.store.calls.values()].find((c) => c.parentCallSid === call.sid)!
    expect(callee.status).toBe('in-progress')

    expect(await heard(call.sid, 'ms=500')).toMatchObject({ level: 0, dominant: null, tones: {} })
    expect((await post(`/calls/${callee.sid}/audio`, { tone: { hz: 1000, ms: 500 } })).status).toBe(200)
    await clock.advance(500)
    const voice = await heard(call.sid, 'ms=400&hz=1000&hz=440')
    expect(voice.dominant).toEqual({ hz: 1000, level: expect.closeTo(0.3, 1) })
    expect(voice.tones['1000']).toBeGreaterThan(0.25)
    expect(voice.tones['440']).toBeLessThan(0.01)
    expect(voice.level).toBeGreaterThan(0.15)

    // As on a Twilio <Dial>, keys pressed on one leg reach the other: '1' is 697 Hz + 1209 Hz.
    expect((await post(`/calls/${callee.sid}/dtmf`, { digits: '1' })).status).toBe(200)
    await clock.advance(100)
    const key = await heard(call.sid, 'ms=100&hz=697&hz=1209&hz=1000')
    expect(key.tones['697']).toBeGreaterThan(0.1)
    expect(key.tones['1209']).toBeGreaterThan(0.1)
    expect(key.tones['1000']).toBeLessThan(0.01)
    expect([700, 1210]).toContain(key.dominant.hz)

    expect((await fetch(`${base}/calls/${call.sid}/heard?ms=5`)).status).toBe(400)
  })
})
