// The gateway against a Node client speaking the Voice SDK's signaling, with werift peers as the
// browsers' media: tokens, registration, ringing every device, the first answer winning, reject,
// ring timeout, hang-ups both ways, DTMF and heartbeats.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BrowserPeer } from './testing/browser-peer'
import { startGatewayFixture, type GatewayFixture } from './testing/fixture'
import { SdkTestClient } from './testing/sdk-client'

let fx: GatewayFixture

beforeAll(async () => {
  fx = await startGatewayFixture()
})
afterAll(async () => {
  await fx?.close()
})

const caller = '+14155550100'

async function listenWith(token: string) {
  const device = await SdkTestClient.connect(fx.gateway.url, fx.gateway.caPem)
  const answer = await device.listen(token)
  device.close()
  return answer
}

/** Places a simulated call to the number, whose TwiML dials `dial`; returns the inbound CallSid. */
function callDialing(dial: string): string {
  fx.twiml.inbound = `<Response>${dial}</Response>`
  return fx.sandbox.engine.placeInboundCall({ from: caller, to: fx.number }).sid
}

async function answerInvite(device: SdkTestClient, invite: Record<string, unknown>, peer = new BrowserPeer()): Promise<BrowserPeer> {
  const sdp = await peer.answer(invite.sdp as string)
  device.send('answer', { callsid: invite.callsid, sdp })
  return peer
}

describe('access tokens', () => {
  it('answers a valid listen with connected {identity, ttl}', async () => {
    const answer = await listenWith(fx.token('alice', { ttl: 600 }))
    expect(answer).toMatchObject({ type: 'connected', token: { identity: 'alice' } })
    expect(answer.token).toMatchObject({ ttl: expect.any(Number) })
    expect((answer.token as { ttl: number }).ttl).toBeLessThanOrEqual(600)
  })

  it('refuses malformed, wrongly signed, expired and too-long tokens with the SDK error codes', async () => {
    expect(await listenWith('not-a-jwt')).toMatchObject({ type: 'error', error: { code: 31204 } })
    expect(await listenWith(fx.token('alice', { secret: 'x'.repeat(32) }))).toMatchObject({ type: 'error', error: { code: 31202 } })
    expect(await listenWith(fx.token('alice', { ttl: -60 }))).toMatchObject({ type: 'error', error: { code: 31205 } })
    expect(await listenWith(fx.token('alice', { ttl: 25 * 3600 }))).toMatchObject({ type: 'error', error: { code: 31207 } })
  })

  it('refuses register before listen, and incoming registration without the incoming grant', async () => {
    const device = await SdkTestClient.connect(fx.gateway.url, fx.gateway.caPem)
    expect(await device.register()).toMatchObject({ type: 'error', payload: { error: { code: 31204 } } })
    await device.listen(fx.token('bob', { incoming: false }))
    expect(await device.register()).toMatchObject({ type: 'error', payload: { error: { code: 31201 } } })
    device.close()
  })
})

describe('registration and heartbeats', () => {
  it('register → ready, unregister → offline, and heartbeats the device echoes without bouncing', async () => {
    const device = await fx.device('carol')
    expect(fx.gateway.registeredIdentities()).toContainEqual({ accountSid: fx.sandbox.accountSid, identity: 'carol' })
    // The device echoes each heartbeat (as wstransport.js does); a gateway echoing the echo would
    // bounce them back and forth without end, hundreds in the time of the gateway's three.
    for (let i = 0; i < 3; i++) await device.nextHeartbeat()
    expect(device.heartbeatsReceived).toBeLessThan(5)
    device.send('register', { media: { audio: false } })
    expect((await device.nextOfType('offline')).type).toBe('offline')
    expect(fx.gateway.registeredIdentities()).not.toContainEqual({ accountSid: fx.sandbox.accountSid, identity: 'carol' })
  })
})

describe('<Dial><Client>', () => {
  it('rings every device of the identity with the call parameters; the first to answer wins, the other gets cancel', async () => {
    const first = await fx.device('dana')
    const second = await fx.device('dana')
    const callSid = callDialing('<Dial><Client><Identity>dana</Identity><Parameter name="ticket" value="T 42"/></Client></Dial>')
    const [inviteA, inviteB] = await Promise.all([first.nextOfType('invite'), second.nextOfType('invite')])
    expect(inviteA.callsid).toBe(inviteB.callsid)
    const legSid = inviteA.callsid as string
    expect(inviteA.parameters).toMatchObject({ CallSid: legSid, From: caller, To: 'client:dana', AccountSid: fx.sandbox.accountSid, Params: 'ticket=T%2042' })
    expect(inviteA.sdp).toMatch(/PCMU\/8000/)
    expect(inviteA.sdp).toMatch(/a=ice-lite/)
    expect(String(inviteA.sdp).match(/^a=candidate:/gm)).toHaveLength(1)
    const peer = await answerInvite(second, inviteB)
    await second.nextOfType('answer', legSid)
    expect((await first.nextOfType('cancel', legSid)).callsid).toBe(legSid)
    await fx.sandbox.engine.waitForEvent(legSid, (e) => e.type === 'status' && e.summary === '→ in-progress')
    expect(fx.sandbox.engine.session(legSid)?.party.kind).toBe('webrtc')
    expect(fx.sandbox.store.calls.get(legSid)).toMatchObject({ parentCallSid: callSid, status: 'in-progress' })
    // The caller hangs up: the device hears hangup.
    fx.sandbox.engine.phone(callSid)!.hangUp()
    expect((await second.nextOfType('hangup', legSid)).callsid).toBe(legSid)
    await peer.close()
  })

  it('a Calls API leg to client:<identity>?name=value rings with those custom parameters, and the leg is to the bare client', async () => {
    const device = await fx.device('hana')
    const call = fx.sandbox.engine.createOutboundCall(fx.sandbox.accountSid, {
      to: 'client:hana?calledNumber=%2B16175550100&callerNumber=%2B14155550100',
      from: fx.number,
      twiml: '<Response><Hangup/></Response>',
    })
    const invite = await device.nextOfType('invite')
    const parameters = invite.parameters as Record<string, string>
    expect(parameters).toMatchObject({ CallSid: call.sid, To: 'client:hana' })
    expect(Object.fromEntries(new URLSearchParams(parameters.Params))).toEqual({ calledNumber: '+16175550100', callerNumber: '+14155550100' })
    expect(fx.sandbox.store.calls.get(call.sid)?.to).toBe('client:hana')
    device.send('reject', { callsid: invite.callsid })
  })

  it('a reject ends the leg busy; a ring timeout ends it no-answer and cancels the invite', async () => {
    const device = await fx.device('erin')
    fx.twiml.inbound = '<Response><Dial action="/dialed" timeout="1"><Client>erin</Client></Dial></Response>'
    fx.sandbox.engine.placeInboundCall({ from: caller, to: fx.number })
    const invite = await device.nextOfType('invite')
    device.send('reject', { callsid: invite.callsid })
    expect((await fx.app.waitForRequest('/dialed')).params).toMatchObject({ DialCallStatus: 'busy', DialCallSid: invite.callsid })

    fx.sandbox.engine.placeInboundCall({ from: caller, to: fx.number })
    const unanswered = await device.nextOfType('invite')
    expect((await device.nextOfType('cancel', unanswered.callsid as string)).callsid).toBe(unanswered.callsid)
    expect((await fx.app.waitForRequest('/dialed', 2)).params).toMatchObject({ DialCallStatus: 'no-answer', DialCallSid: unanswered.callsid })
  })

  it('the device hangs up an answered call and presses keys (signaled)', async () => {
    const device = await fx.device('frank')
    const callSid = callDialing('<Dial><Client>frank</Client></Dial>')
    const invite = await device.nextOfType('invite')
    const legSid = invite.callsid as string
    const peer = await answerInvite(device, invite)
    await device.nextOfType('answer', legSid)
    device.send('dtmf', { callsid: legSid, dtmf: '12' })
    await fx.sandbox.engine.waitForEvent(legSid, (e) => e.type === 'dtmf' && e.summary.endsWith('2'))
    const digits = fx.sandbox.engine.events(legSid).filter((e) => e.type === 'dtmf').map((e) => e.summary.at(-1))
    expect(digits).toEqual(['1', '2'])
    device.send('hangup', { callsid: legSid })
    await fx.sandbox.engine.waitForEvent(callSid, (e) => e.type === 'status' && e.summary === '→ completed')
    expect(fx.sandbox.store.calls.get(legSid)?.status).toBe('completed')
    await peer.close()
  })
})

describe('outgoing calls (device.connect)', () => {
  it('requests the TwiML App with the connect params and Twilio’s, runs its TwiML and hangs up the device at the end', async () => {
    const device = await fx.device('gina')
    fx.twiml.outgoing = '<Response><Pause length="1"/></Response>'
    const peer = new BrowserPeer()
    device.send('invite', { callsid: 'TJSce7f0c8f-8b0a-4f55-a39a-3c1d2a4b0f01', sdp: await peer.offer(), twilio: { params: 'To=%2B15085550123&campaign=spring' } })
    const ringing = await device.nextOfType('ringing')
    const callSid = ringing.callsid as string
    const answer = await device.nextOfType('answer', callSid)
    await peer.accept(answer.sdp as string)
    const request = await fx.app.waitForRequest('/outgoing')
    expect(request.params).toMatchObject({
      CallSid: callSid,
      AccountSid: fx.sandbox.accountSid,
      ApplicationSid: fx.applicationSid,
      From: 'client:gina',
      Caller: 'client:gina',
      To: '+15085550123',
      Direction: 'inbound',
      CallStatus: 'ringing',
      ApiVersion: '2010-04-01',
      campaign: 'spring',
    })
    expect(request.headers['x-twilio-signature']).toBeTruthy()
    expect((await device.nextOfType('hangup', callSid)).callsid).toBe(callSid)
    expect(fx.sandbox.store.calls.get(callSid)?.status).toBe('completed')
    await peer.close()
  })

  it('answers a token without an outgoing application with hangup 31001', async () => {
    const device = await SdkTestClient.connect(fx.gateway.url, fx.gateway.caPem)
    const twilio = (await import('twilio')).default
    const token = new twilio.jwt.AccessToken(fx.sandbox.accountSid, fx.key.sid, fx.key.secret, { identity: 'hal' })
    token.addGrant(new twilio.jwt.AccessToken.VoiceGrant({ incomingAllow: true }))
    await device.listen(token.toJwt())
    device.send('invite', { callsid: 'TJSnone', sdp: await new BrowserPeer().offer(), twilio: { params: 'To=%2B15085550123' } })
    expect(await device.nextOfType('hangup', 'TJSnone')).toMatchObject({ error: { code: 31001 } })
    device.close()
  })
})
