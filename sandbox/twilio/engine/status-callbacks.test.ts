import twilio from 'twilio'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../clock'
import { createTestSandbox, type TestSandbox } from './testing/harness'
import { startTwimlApp, twiml, type TwimlApp } from './testing/twiml-app'

describe('call progress status callbacks', () => {
  let sandbox: TestSandbox
  let app: TwimlApp
  let clock: ManualClock

  beforeEach(async () => {
    clock = new ManualClock()
    sandbox = createTestSandbox({ clock })
    app = await startTwimlApp((r) => (r.path === '/answer' ? twiml('<Pause length="7"/><Hangup/>') : ''))
    sandbox.buyNumber(sandbox.subaccount.sid, '+15005550020')
  })
  afterEach(async () => {
    await sandbox.close()
    await app.close()
  })

  it('sends initiated, ringing, answered, completed in order with SequenceNumber, CallDuration and a signature', async () => {
    sandbox.engine.outsideNumbers.set('+14155550123', { behavior: 'answer', ringSeconds: 3 })
    const call = sandbox.engine.createOutboundCall(sandbox.subaccount.sid, {
      to: '+14155550123',
      from: '+15005550020',
      url: app.url('/answer'),
      statusCallback: app.url('/status'),
      statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
    })
    expect(call.status).toBe('queued')
    await clock.advance(20_000)
    const callbacks = app.requestsTo('/status')
    expect(callbacks.map((r) => r.params.CallStatus)).toEqual(['initiated', 'ringing', 'in-progress', 'completed'])
    expect(callbacks.map((r) => r.params.SequenceNumber)).toEqual(['0', '1', '2', '3'])
    expect(callbacks.every((r) => r.params.CallbackSource === 'call-progress-events' && r.params.Direction === 'outbound-api')).toBe(true)
    for (const r of callbacks) expect(twilio.validateRequest(sandbox.subaccount.authToken, r.headers['x-twilio-signature'] as string, app.url('/status'), r.params)).toBe(true)
    const completed = callbacks[3].params
    expect(completed).toMatchObject({ CallDuration: '7', Duration: '1', CallSid: call.sid, From: '+15005550020', To: '+14155550123' })
    expect(completed.Timestamp).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/)
    expect(callbacks[0].params.CallDuration).toBeUndefined()
    // The answer webhook itself is requested when the callee picks up, after 3 s of ringing.
    expect((await app.waitForRequest('/answer')).params.CallStatus).toBe('in-progress')
    expect(sandbox.store.calls.get(call.sid)).toMatchObject({ status: 'completed', duration: 7, price: '-0.01400' })
  })

  it('sends only completed by default, and reports busy and no-answer outcomes', async () => {
    sandbox.engine.outsideNumbers.set('+14155550124', { behavior: 'busy' })
    sandbox.engine.outsideNumbers.set('+14155550125', { behavior: 'ring-out' })
    const busy = sandbox.engine.createOutboundCall(sandbox.subaccount.sid, { to: '+14155550124', from: '+15005550020', url: app.url('/answer'), statusCallback: app.url('/status') })
    const unanswered = sandbox.engine.createOutboundCall(sandbox.subaccount.sid, { to: '+14155550125', from: '+15005550020', url: app.url('/answer'), statusCallback: app.url('/status'), timeout: 15 })
    await clock.advance(14_000)
    expect(sandbox.store.calls.get(unanswered.sid)?.status).toBe('ringing')
    await clock.advance(2_000)
    const byCall = (sid: string) => app.requestsTo('/status').filter((r) => r.params.CallSid === sid).map((r) => [r.params.CallStatus, r.params.SequenceNumber, r.params.CallDuration])
    expect(byCall(busy.sid)).toEqual([['busy', '0', '0']])
    expect(byCall(unanswered.sid)).toEqual([['no-answer', '0', '0']])
    expect(app.requestsTo('/answer')).toHaveLength(0)
  })

  it("sends a number's StatusCallback for completed only on inbound calls", async () => {
    const number = sandbox.buyNumber(sandbox.subaccount.sid, '+15005550021', { voiceUrl: app.url('/answer'), statusCallback: app.url('/status') })
    const call = sandbox.engine.placeInboundCall({ from: '+14155550100', to: number.phoneNumber })
    await clock.advance(10_000)
    expect(app.requestsTo('/status').map((r) => [r.params.CallStatus, r.params.CallDuration, r.params.Direction])).toEqual([['completed', '7', 'inbound']])
    expect(sandbox.store.calls.get(call.sid)?.price).toBe('-0.00850')
  })

  it('with concurrent delivery, a callback does not wait for a slow answer to the previous one', async () => {
    const concurrent = createTestSandbox({ clock, statusCallbackDelivery: 'concurrent' })
    concurrent.buyNumber(concurrent.subaccount.sid, '+15005550022')
    const inFlight: string[] = []
    let overlapped = false
    const slow = await startTwimlApp(async (r) => {
      if (r.path !== '/status') return twiml('<Hangup/>')
      if (inFlight.length > 0) overlapped = true
      inFlight.push(r.params.CallStatus!)
      await new Promise((resolve) => setTimeout(resolve, 200))
      inFlight.splice(inFlight.indexOf(r.params.CallStatus!), 1)
      return ''
    })
    try {
      concurrent.engine.outsideNumbers.set('+14155550126', { behavior: 'answer', ringSeconds: 0 })
      concurrent.engine.createOutboundCall(concurrent.subaccount.sid, { to: '+14155550126', from: '+15005550022', url: slow.url('/answer'), statusCallback: slow.url('/status'), statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'] })
      await clock.advance(5_000)
      await slow.waitForRequest('/status', 4)
      expect(overlapped).toBe(true)
      expect(slow.requestsTo('/status').map((r) => r.params.SequenceNumber).sort()).toEqual(['0', '1', '2', '3'])
    } finally {
      await concurrent.close()
      await slow.close()
    }
  })

  it('rejects calls from numbers the account does not own and bad To numbers with Twilio error codes', () => {
    expect(() => sandbox.engine.createOutboundCall(sandbox.parent.sid, { to: '+14155550123', from: '+15005550020', url: app.url('/answer') })).toThrow(expect.objectContaining({ code: 21210 }))
    expect(() => sandbox.engine.createOutboundCall(sandbox.subaccount.sid, { to: 'nope', from: '+15005550020', url: app.url('/answer') })).toThrow(expect.objectContaining({ code: 21211 }))
    expect(() => sandbox.engine.createOutboundCall(sandbox.subaccount.sid, { to: '+14155550123', from: '+15005550020' })).toThrow(expect.objectContaining({ code: 21205 }))
  })
})
