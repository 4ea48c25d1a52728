import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../clock'
import { APPLICATION_ERROR_MESSAGE } from './runner'
import { createTestSandbox, type TestSandbox } from './testing/harness'
import { startTwimlApp, twiml, type AppRequest, type AppResponse, type TwimlApp } from './testing/twiml-app'

describe('fallback URL and application errors', () => {
  let sandbox: TestSandbox
  let app: TwimlApp
  let clock: ManualClock
  let respond: (request: AppRequest) => AppResponse

  beforeEach(async () => {
    clock = new ManualClock()
    sandbox = createTestSandbox({ clock, webhookTimeoutMs: 300 })
    app = await startTwimlApp((request) => respond(request))
  })
  afterEach(async () => {
    await sandbox.close()
    await app.close()
  })

  function call(config: { fallback?: boolean } = {}) {
    const number = sandbox.buyNumber(sandbox.subaccount.sid, '+15005550010', {
      voiceUrl: app.url('/voice'),
      voiceFallbackUrl: config.fallback === false ? null : app.url('/fallback'),
    })
    return sandbox.engine.placeInboundCall({ from: '+14155550100', to: number.phoneNumber })
  }

  it('requests the fallback URL with ErrorCode 11200 and ErrorUrl when the voice URL answers 500', async () => {
    respond = (r) => (r.path === '/voice' ? { status: 500, body: 'boom' } : twiml('<Hangup/>'))
    const { sid } = call()
    await clock.advance(0)
    const fallback = await app.waitForRequest('/fallback')
    expect(fallback.params).toMatchObject({ ErrorCode: '11200', ErrorUrl: app.url('/voice'), CallSid: sid })
    const errors = sandbox.engine.events(sid).filter((e) => e.type === 'error')
    expect(errors.map((e) => e.detail.code)).toEqual([11200])
    expect(sandbox.store.calls.get(sid)?.status).toBe('completed')
  })

  it('reports 11205 after the webhook timeout and falls back', async () => {
    respond = (r) => (r.path === '/voice' ? { delayMs: 1000, body: twiml('<Hangup/>') } : twiml('<Hangup/>'))
    const { sid } = call()
    await clock.advance(0)
    expect((await app.waitForRequest('/fallback')).params.ErrorCode).toBe('11205')
    expect(sandbox.engine.events(sid).find((e) => e.type === 'error')?.detail.code).toBe(11205)
  })

  it('reports 12100 for a body that is not XML and 12200 for an unknown verb', async () => {
    respond = (r) => (r.path === '/voice' ? 'this is not xml' : twiml('<Dance/>'))
    const { sid } = call()
    await clock.advance(0)
    expect((await app.waitForRequest('/fallback')).params.ErrorCode).toBe('12100')
    expect(sandbox.engine.events(sid).filter((e) => e.type === 'error').map((e) => e.detail.code)).toEqual([12100, 12200])
  })

  it('reports 12300 for a TwiML answer without a Content-Type and falls back', async () => {
    respond = (r) => (r.path === '/voice' ? { body: twiml('<Say>hello</Say>'), contentType: '' } : twiml('<Hangup/>'))
    const { sid } = call()
    await clock.advance(0)
    expect((await app.waitForRequest('/fallback')).params.ErrorCode).toBe('12300')
    expect(sandbox.engine.events(sid).filter((e) => e.type === 'error').map((e) => e.detail.code)).toEqual([12300])
  })

  it('skips valid TwiML it does not implement with a 12200 warning, and the call goes on', async () => {
    respond = (r) => (r.path === '/voice' ? twiml('<Start><Stream url="wss://example.com/fork"/></Start><Say>still here</Say><Redirect>/next</Redirect>') : twiml('<Hangup/>'))
    const { sid } = call()
    await clock.advance(10_000)
    await app.waitForRequest('/next')
    expect(app.requestsTo('/fallback')).toHaveLength(0)
    expect(sandbox.engine.events(sid).filter((e) => e.type === 'error').map((e) => e.detail.code)).toEqual([12200])
    expect([...sandbox.store.notifications.values()].filter((n) => n.callSid === sid).map((n) => n.level)).toEqual(['warning'])
  })

  it('plays the application error message and hangs up when the fallback fails too', async () => {
    respond = () => ({ status: 503 })
    const { sid } = call()
    await clock.advance(0)
    const message = sandbox.engine.events(sid).find((e) => e.type === 'audio' && e.summary.includes('application error'))
    expect(message?.summary).toContain(APPLICATION_ERROR_MESSAGE)
    await clock.advance(10_000)
    const record = sandbox.store.calls.get(sid)
    expect(record?.status).toBe('completed')
    // The caller heard the message for as long as it takes to say it.
    expect(record?.duration).toBeGreaterThanOrEqual(2)
    expect(sandbox.engine.phone(sid)?.heard.endMs()).toBeGreaterThan(clock.now() - 10_000)
  })

  it('goes straight to the application error without a fallback URL', async () => {
    respond = () => ({ status: 404 })
    const { sid } = call({ fallback: false })
    await clock.advance(10_000)
    expect(app.requestsTo('/fallback')).toHaveLength(0)
    expect(sandbox.engine.events(sid).some((e) => e.summary.includes(APPLICATION_ERROR_MESSAGE))).toBe(true)
    expect(sandbox.store.calls.get(sid)?.status).toBe('completed')
  })
})
