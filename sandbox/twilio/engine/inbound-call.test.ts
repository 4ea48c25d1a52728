import twilio from 'twilio'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../clock'
import { createTestSandbox, type TestSandbox } from './testing/harness'
import { startTwimlApp, twiml, type TwimlApp } from './testing/twiml-app'

describe('inbound call webhooks', () => {
  let sandbox: TestSandbox
  let app: TwimlApp
  let clock: ManualClock

  beforeEach(async () => {
    clock = new ManualClock()
    sandbox = createTestSandbox({ clock })
    app = await startTwimlApp(() => twiml('<Hangup/>'))
  })
  afterEach(async () => {
    await sandbox.close()
    await app.close()
  })

  it('posts the voice URL with Twilio parameters, signed with the owning subaccount token', async () => {
    const number = sandbox.buyNumber(sandbox.subaccount.sid, '+15005550006', { voiceUrl: app.url('/voice?tenant=a') })
    const call = sandbox.engine.placeInboundCall({ from: '+14155550100', to: number.phoneNumber })
    await clock.advance(0)
    const request = await app.waitForRequest('/voice')

    const signature = request.headers['x-twilio-signature'] as string
    expect(twilio.validateRequest(sandbox.subaccount.authToken, signature, app.url('/voice?tenant=a'), request.params)).toBe(true)
    expect(twilio.validateRequest(sandbox.parent.authToken, signature, app.url('/voice?tenant=a'), request.params)).toBe(false)
    expect(request.headers['user-agent']).toBe('TwilioProxy/1.1')
    expect(request.headers['i-twilio-idempotency-token']).toMatch(/[0-9a-f-]{36}/)
    expect(request.headers['content-type']).toContain('application/x-www-form-urlencoded')
    expect(request.params).toMatchObject({
      AccountSid: sandbox.subaccount.sid,
      ApiVersion: '2010-04-01',
      CallSid: call.sid,
      CallStatus: 'ringing',
      Direction: 'inbound',
      From: '+14155550100',
      Caller: '+14155550100',
      To: '+15005550006',
      Called: '+15005550006',
      FromCountry: 'US',
      ToCountry: 'US',
    })
    expect(request.params.CallToken).toBeTruthy()
    expect(Object.keys(request.params)).toEqual(expect.arrayContaining(['FromCity', 'FromState', 'FromZip', 'CalledCity', 'CallerZip', 'ToState']))
    expect(sandbox.store.calls.get(call.sid)?.status).toBe('completed')
  })

  it('uses GET with the parameters in the query string when the number says GET', async () => {
    const number = sandbox.buyNumber(sandbox.subaccount.sid, '+15005550007', { voiceUrl: app.url('/voice'), voiceMethod: 'GET' })
    sandbox.engine.placeInboundCall({ from: '+14155550100', to: number.phoneNumber })
    await clock.advance(0)
    const request = await app.waitForRequest('/voice')
    expect(request.method).toBe('GET')
    expect(request.params.CallStatus).toBe('ringing')
    expect(twilio.validateRequest(sandbox.subaccount.authToken, request.headers['x-twilio-signature'] as string, request.url, {})).toBe(true)
  })

  it("uses the voice application's URL when the number has one", async () => {
    const now = new Date()
    sandbox.store.applications.set('AP00000000000000000000000000000001', {
      sid: 'AP00000000000000000000000000000001', accountSid: sandbox.subaccount.sid, friendlyName: 'app', voiceUrl: app.url('/app-voice'), voiceMethod: 'POST',
      voiceFallbackUrl: null, voiceFallbackMethod: 'POST', statusCallback: null, statusCallbackMethod: 'POST', dateCreated: now, dateUpdated: now,
    } as never)
    const number = sandbox.buyNumber(sandbox.subaccount.sid, '+15005550008', { voiceUrl: app.url('/ignored'), voiceApplicationSid: 'AP00000000000000000000000000000001' })
    sandbox.engine.placeInboundCall({ from: '+14155550100', to: number.phoneNumber })
    await clock.advance(0)
    expect((await app.waitForRequest('/app-voice')).params.To).toBe('+15005550008')
    expect(app.requestsTo('/ignored')).toHaveLength(0)
  })

  it('logs each webhook with its parameters, signature and response', async () => {
    const number = sandbox.buyNumber(sandbox.subaccount.sid, '+15005550009', { voiceUrl: app.url('/voice') })
    const call = sandbox.engine.placeInboundCall({ from: '+14155550100', to: number.phoneNumber })
    await clock.advance(0)
    const webhook = sandbox.engine.events(call.sid).find((e) => e.type === 'webhook')
    expect(webhook?.detail).toMatchObject({ purpose: 'voice', request: { method: 'POST', url: app.url('/voice') }, response: { status: 200 } })
    expect((webhook?.detail.request as { signature: string }).signature).toBe(app.requests[0].headers['x-twilio-signature'])
    expect(sandbox.engine.events(call.sid).some((e) => e.type === 'twiml' && e.summary.startsWith('<Hangup>'))).toBe(true)
  })
})
