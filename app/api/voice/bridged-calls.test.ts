import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testPrisma } from '@/lib/db/test-database'
import { issueVoiceToken } from '@/lib/softphone/access-token'
import { callRoute } from '@/lib/testing/api'
import { addMember, uniqueEmail } from '@/lib/testing/factories'
import { toneLevel } from '@/sandbox/twilio/audio/analysis'
import { startVoiceSdkGateway, type VoiceSdkGateway } from '@/sandbox/twilio/voice-sdk/index'
import { BrowserPeer } from '@/sandbox/twilio/voice-sdk/testing/browser-peer'
import { SdkTestClient } from '@/sandbox/twilio/voice-sdk/testing/sdk-client'
import * as callers from '../queues/[id]/callers/route'
import * as take from '../queues/[id]/take/route'
import * as hold from '../softphone/calls/[callSid]/hold/route'
import * as transfer from '../softphone/calls/[callSid]/transfer/route'
import * as complete from '../softphone/calls/[callSid]/transfer/complete/route'
import * as cancel from '../softphone/calls/[callSid]/transfer/cancel/route'
import { control, provisionedOrganization, startVoiceStack, type VoiceStack } from './voice-test-stack'

// Bridged calls end to end: a simulated caller rings a member's number, the sandbox's Voice SDK
// gateway rings the member's softphone (played by the raw signaling client with a werift peer, as
// the browser would), and the softphone's call-control API holds and transfers the caller through
// the conference. What the caller heard is read from the simulated phone; who is in the
// conference from the sandbox's Participants API; the timeline from our call log.

const CALLER = '+14155550142'
const HOLD_MUSIC_NOTES_HZ = [440, 554, 659]
const OUTSIDE = '+14155550188'

// Each test waits on real signaling and HTTP while the manual clock moves: more than the default 30 s on a busy machine.
describe('bridged calls: hold, transfers and queues through the conference', { timeout: 90_000 }, () => {
  const prisma = testPrisma()
  let stack: VoiceStack
  let gateway: VoiceSdkGateway
  let org: Awaited<ReturnType<typeof provisionedOrganization>>
  let ada: { id: string; softphoneIdentity: string }
  let bea: { id: string; softphoneIdentity: string }
  let line: { e164: string }
  let queueLine: { e164: string }
  let queue: { id: string; name: string }
  let adaPhone: SdkTestClient
  let beaPhone: SdkTestClient
  const peers: BrowserPeer[] = []

  beforeAll(async () => {
    // Hold music from a URL that refuses at once: the sandbox plays its placeholder music (554 Hz).
    stack = await startVoiceStack({ env: { HOLD_MUSIC_URL: 'http://127.0.0.1:9/hold.mp3' } })
    gateway = await startVoiceSdkGateway({ engine: stack.sandbox.engine, heartbeatIntervalMs: 200 })
    org = await provisionedOrganization(prisma, stack, 'bridged')
    ada = await prisma.user.update({ where: { id: org.ownerId }, data: { availability: 'AVAILABLE', forwardingNumber: null } })
    const added = await addMember(prisma, org.organizationId, { id: org.ownerId, role: 'OWNER' }, { name: 'Bea', email: uniqueEmail('bea'), role: 'AGENT' })
    bea = await prisma.user.update({ where: { id: added.id }, data: { availability: 'AVAILABLE' } })
    line = await org.buyNumber({ routeKind: 'USER', routeUserId: ada.id })
    queue = await prisma.queue.create({ data: { organizationId: org.organizationId, name: 'Support' } })
    queueLine = await org.buyNumber({ routeKind: 'QUEUE', routeQueueId: queue.id })
    adaPhone = await softphone(ada.id)
    beaPhone = await softphone(bea.id)
    await control(stack, 'PUT', `/outside-numbers/${encodeURIComponent(OUTSIDE)}`, { behavior: 'answer', ringSeconds: 2 })
  })
  afterAll(async () => {
    for (const peer of peers) await peer.close()
    adaPhone?.close()
    beaPhone?.close()
    await gateway?.close()
    await stack?.close()
  })

  async function softphone(userId: string) {
    const device = await SdkTestClient.connect(gateway.url, gateway.caPem)
    expect((await device.listen((await issueVoiceToken(org.organizationId, userId)).token)).type).toBe('connected')
    expect((await device.register()).type).toBe('ready')
    return device
  }

  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
  /** Moves the sandbox's clock while real HTTP and WebSocket traffic happens, until `done`. */
  async function until(done: () => boolean | Promise<boolean>, what: string) {
    for (let i = 0; i < 3000; i++) {
      if (await done()) return
      await stack.clock.advance(20)
      await sleep(5)
    }
    throw new Error(`timed out waiting for ${what}`)
  }
  async function pumped<T>(promise: Promise<T>): Promise<T> {
    let settled = false
    void promise.then(() => (settled = true), () => (settled = true))
    await until(() => settled, 'a signaling message')
    return promise
  }

  /** The softphone answers its next incoming call as the browser would; returns the leg's CallSid and what the SDK was told. */
  async function answer(device: SdkTestClient) {
    const invite = await pumped(device.nextOfType('invite'))
    const peer = new BrowserPeer()
    peers.push(peer)
    device.send('answer', { callsid: invite.callsid, sdp: await peer.answer(invite.sdp as string) })
    await pumped(device.nextOfType('answer', invite.callsid as string))
    const parameters = invite.parameters as Record<string, string>
    // The card's numbers: the custom parameters the SDK reads from Params (call.customParameters).
    return { legSid: invite.callsid as string, parameters, shown: Object.fromEntries(new URLSearchParams(parameters.Params ?? '')) }
  }

  async function call(to: string, from = CALLER): Promise<string> {
    return ((await control(stack, 'POST', '/calls', { from, to })) as { sid: string }).sid
  }

  const bridgeOf = (customerCallSid: string) => prisma.callBridge.findUnique({ where: { customerCallSid } })
  const row = (callSid: string) => prisma.callLog.findUnique({ where: { callSid } })
  const conference = async (customerCallSid: string) => org.twilio.conferences((await bridgeOf(customerCallSid))!.conferenceSid!)
  const inConference = (customerCallSid: string) => inConferenceNamed(`bridge-${customerCallSid}`)
  async function inConferenceNamed(friendlyName: string) {
    const [live] = await org.twilio.conferences.list({ friendlyName, status: 'in-progress' })
    if (!live) return []
    return (await org.twilio.conferences(live.sid).participants.list()).filter((p) => p.status === 'connected').map((p) => ({ callSid: p.callSid, hold: p.hold }))
  }
  const sandboxStatus = (callSid: string) => stack.sandbox.store.calls.get(callSid)?.status
  const ended = (callSid: string) => ['completed', 'busy', 'no-answer', 'failed', 'canceled'].includes(sandboxStatus(callSid) ?? '')

  /** A caller to the member's number, answered on Ada's softphone: the caller, her leg. */
  async function answeredCall() {
    const sid = await call(line.e164)
    const { legSid, parameters, shown } = await answer(adaPhone)
    await until(async () => (await bridgeOf(sid))?.agentCallSid === legSid && (await row(legSid))?.status === 'IN_PROGRESS', 'the bridge to take the answer')
    await until(async () => (await inConference(sid)).length === 2, 'both parties in the conference')
    return { sid, legSid, parameters, shown }
  }

  const api = <P>(route: { POST?: unknown; GET?: unknown }, as: string, params: P, body?: unknown, method: 'POST' | 'GET' = 'POST') =>
    callRoute(route[method] as Parameters<typeof callRoute<P>>[0], { as, method, url: 'http://localhost/api', params, body })

  /** The loudest note of the sandbox's hold music (400 ms notes) the caller heard in the window. */
  function holdMusicLevel(customerCallSid: string, fromMs: number, toMs: number) {
    const samples = stack.sandbox.engine.phone(customerCallSid)!.heard.window(fromMs, toMs)
    let loudest = 0
    for (let at = 0; at + 3200 <= samples.length; at += 800) for (const hz of HOLD_MUSIC_NOTES_HZ) loudest = Math.max(loudest, toneLevel(samples.subarray(at, at + 3200), hz))
    return loudest
  }
  async function hangUp(sid: string) {
    await control(stack, 'POST', `/calls/${sid}/hangup`, {})
    await until(() => ended(sid), 'the call to end')
  }

  it('a caller who hangs up while the softphone rings stops it ringing: no call is left on the agent’s phone', async () => {
    const sid = await call(line.e164)
    const invite = await pumped(adaPhone.nextOfType('invite'))
    const legSid = invite.callsid as string
    await hangUp(sid)
    // The SDK hears the ringing leg cancelled — by us, not by its own 30 s timeout (no-answer).
    await pumped(adaPhone.nextOfType('cancel', legSid))
    await until(() => ended(legSid), 'the softphone leg to end')
    expect(sandboxStatus(legSid)).not.toBe('no-answer')
  })

  it('rings the member’s softphone into the caller’s conference; hold plays our hold music and brings the caller back', async () => {
    const { sid, legSid, parameters, shown } = await answeredCall()
    expect(parameters).toMatchObject({ CallSid: legSid, To: `client:${ada.softphoneIdentity}`, From: line.e164 })
    expect(shown).toEqual({ calledNumber: line.e164, callerNumber: CALLER })
    const voice = stack.sandbox.engine.events(sid).find((e) => e.type === 'webhook')!.detail as { response: { body: string } }
    expect(voice.response.body).toContain(`participantLabel="customer" waitUrl="${stack.app.baseUrl}/api/voice/hold-music" waitMethod="POST">bridge-${sid}</Conference>`)
    expect(await inConference(sid)).toEqual(expect.arrayContaining([{ callSid: sid, hold: false }, { callSid: legSid, hold: false }]))

    const held = await api(hold, ada.id, { callSid: legSid }, { hold: true })
    expect(held).toMatchObject({ status: 200, body: { callSid: legSid, held: true } })
    const heldAt = stack.clock.now()
    // The conference hands a participant its audio a little behind the clock: wait, then read the first seconds.
    await until(() => stack.clock.now() - heldAt > 3000, 'three seconds on hold')
    expect((await (await conference(sid)).participants(sid).fetch()).hold).toBe(true)
    expect(holdMusicLevel(sid, heldAt, heldAt + 2000)).toBeGreaterThan(0.05)
    const holdRequests = stack.sandbox.engine.events(sid).filter((e) => e.type === 'webhook' && (e.detail as { purpose: string }).purpose === 'hold-url')
    expect(holdRequests.length).toBeGreaterThan(0)

    expect((await api(hold, ada.id, { callSid: legSid }, { hold: false })).body).toEqual({ callSid: legSid, held: false })
    expect((await (await conference(sid)).participants(sid).fetch()).hold).toBe(false)
    const backAt = stack.clock.now()
    await until(() => stack.clock.now() - backAt > 3000, 'three seconds back')
    expect(holdMusicLevel(sid, backAt + 500, backAt + 2500)).toBeLessThan(0.02)

    // Only the agent on the call controls it.
    expect((await api(hold, bea.id, { callSid: legSid }, { hold: true })).status).toBe(404)
    expect((await api(hold, ada.id, { callSid: `CA${'0'.repeat(32)}` }, { hold: true })).status).toBe(404)
    expect((await api(hold, ada.id, { callSid: legSid }, { hold: 'yes' })).status).toBe(400)

    await hangUp(sid)
    await until(async () => (await row(legSid))?.status === 'COMPLETED', 'the agent’s leg to end with the conference')
    const logged = await prisma.callLog.findUniqueOrThrow({ where: { callSid: sid }, include: { children: true, events: { orderBy: { occurredAt: 'asc' } } } })
    expect(logged.children.map((leg) => [leg.callSid, leg.agentUserId])).toEqual([[legSid, ada.id]])
    expect(logged.events.map((e) => e.type).filter((t) => !t.startsWith('webhook') && t !== 'status')).toEqual(['bridge:answered', 'hold:on', 'hold:off'])
    // A call that has ended can be controlled no more.
    expect((await api(hold, ada.id, { callSid: legSid }, { hold: true })).status).toBe(409)
  })

  it('warm transfer: the caller holds while the agents talk; cancel brings them back, complete leaves them with the second agent', async () => {
    const { sid, legSid } = await answeredCall()
    // Targets are checked first: yourself, a colleague who is away, a number that is not allowed.
    expect((await api(transfer, ada.id, { callSid: legSid }, { mode: 'warm', target: { type: 'agent', userId: ada.id } })).status).toBe(400)
    expect((await api(transfer, ada.id, { callSid: legSid }, { mode: 'warm', target: { type: 'agent', userId: 'nobody' } })).status).toBe(404)
    expect((await api(transfer, ada.id, { callSid: legSid }, { mode: 'warm', target: { type: 'number', number: '911' } })).body.error).toMatch(/Emergency calls/)
    expect((await api(transfer, ada.id, { callSid: legSid }, { mode: 'warm', target: { type: 'queue', queueId: queue.id } })).status).toBe(400)
    expect((await api(cancel, ada.id, { callSid: legSid })).status).toBe(409)

    const started = await api(transfer, ada.id, { callSid: legSid }, { mode: 'warm', target: { type: 'agent', userId: bea.id } })
    expect(started).toMatchObject({ status: 200, body: { callSid: legSid, transfer: { mode: 'warm', target: { kind: 'agent', userId: bea.id } } } })
    expect((await api(transfer, ada.id, { callSid: legSid }, { mode: 'cold', target: { type: 'number', number: OUTSIDE } })).status).toBe(409)
    const first = await answer(beaPhone)
    expect(first.legSid).toBe(started.body.transfer.targetCallSid)
    await until(async () => (await inConference(sid)).length === 3, 'Bea in the conference')
    expect(await inConference(sid)).toEqual(expect.arrayContaining([{ callSid: sid, hold: true }, { callSid: legSid, hold: false }, { callSid: first.legSid, hold: false }]))

    // Cancel: Bea is dropped, the caller is back with Ada.
    expect((await api(cancel, ada.id, { callSid: legSid })).body).toEqual({ callSid: legSid, held: false })
    await until(() => ended(first.legSid), 'Bea’s leg to end')
    await until(async () => (await inConference(sid)).length === 2, 'Bea out of the conference')
    expect(await inConference(sid)).toEqual(expect.arrayContaining([{ callSid: sid, hold: false }, { callSid: legSid, hold: false }]))

    // Again, and complete: Ada leaves, the caller stays with Bea, who now controls the call.
    expect((await api(transfer, ada.id, { callSid: legSid }, { mode: 'warm', target: { type: 'agent', userId: bea.id } })).status).toBe(200)
    const second = await answer(beaPhone)
    await until(async () => (await row(second.legSid))?.status === 'IN_PROGRESS', 'Bea’s second leg answered')
    expect((await api(complete, ada.id, { callSid: legSid })).body).toEqual({ callSid: legSid, agentCallSid: second.legSid })
    await until(() => ended(legSid), 'Ada’s leg to end')
    await until(async () => (await inConference(sid)).length === 2, 'Ada out of the conference')
    expect(await inConference(sid)).toEqual(expect.arrayContaining([{ callSid: sid, hold: false }, { callSid: second.legSid, hold: false }]))
    expect(sandboxStatus(sid)).toBe('in-progress')
    expect((await api(hold, bea.id, { callSid: second.legSid }, { hold: true })).status).toBe(200)
    expect((await api(hold, ada.id, { callSid: legSid }, { hold: false })).status).toBe(409)

    // Bea hangs up: her leaving ends the call.
    beaPhone.send('hangup', { callsid: second.legSid })
    await until(() => ended(sid), 'the caller’s call to end')
    const logged = await prisma.callLog.findUniqueOrThrow({ where: { callSid: sid }, include: { children: true, events: true } })
    expect(logged.children.map((leg) => leg.callSid).sort()).toEqual([legSid, first.legSid, second.legSid].sort())
    expect(logged.children.find((leg) => leg.callSid === second.legSid)?.agentUserId).toBe(bea.id)
    const types = logged.events.map((e) => e.type)
    for (const type of ['transfer:started', 'transfer:canceled', 'transfer:completed', 'hold:on']) expect(types).toContain(type)
  })

  it('cold transfer to a colleague: the agent leaves, the colleague’s softphone rings, and the caller is with them once they answer', async () => {
    const { sid, legSid } = await answeredCall()
    const started = await api(transfer, ada.id, { callSid: legSid }, { mode: 'cold', target: { type: 'agent', userId: bea.id } })
    expect(started).toMatchObject({ status: 200, body: { transfer: { mode: 'cold', target: { kind: 'agent', userId: bea.id, name: 'Bea' } } } })
    await until(() => ended(legSid), 'Ada’s leg to end')
    expect((await (await conference(sid)).participants(sid).fetch()).hold).toBe(true)
    const { legSid: beaLeg, parameters, shown } = await answer(beaPhone)
    expect(beaLeg).toBe(started.body.transfer.targetCallSid)
    expect(parameters).toMatchObject({ To: `client:${bea.softphoneIdentity}`, From: line.e164 })
    expect(shown).toEqual({ calledNumber: line.e164, callerNumber: CALLER })
    await until(async () => (await bridgeOf(sid))?.agentCallSid === beaLeg, 'Bea to take the call')
    await until(async () => (await inConference(sid)).length === 2, 'the caller with Bea')
    expect(await inConference(sid)).toEqual(expect.arrayContaining([{ callSid: sid, hold: false }, { callSid: beaLeg, hold: false }]))
    // Ada's leg is gone: only Bea controls the call now.
    expect((await api(hold, ada.id, { callSid: legSid }, { hold: true })).status).toBe(409)
    await hangUp(sid)
  })

  it('cold transfer to an outside number: the agent leaves at once, the caller holds until the number answers', async () => {
    const { sid, legSid } = await answeredCall()
    const started = await api(transfer, ada.id, { callSid: legSid }, { mode: 'cold', target: { type: 'number', number: OUTSIDE } })
    expect(started).toMatchObject({ status: 200, body: { transfer: { mode: 'cold', target: { kind: 'number', to: OUTSIDE } } } })
    const target = started.body.transfer.targetCallSid as string
    await until(() => ended(legSid), 'Ada’s leg to end')
    expect((await (await conference(sid)).participants(sid).fetch()).hold).toBe(true)
    await until(async () => (await bridgeOf(sid))?.agentCallSid === target, 'the number to answer')
    await until(async () => (await inConference(sid)).length === 2, 'the number in the conference')
    expect(await inConference(sid)).toEqual(expect.arrayContaining([{ callSid: sid, hold: false }, { callSid: target, hold: false }]))
    expect((await row(target))).toMatchObject({ parentCallSid: sid, toNumber: OUTSIDE, agentUserId: null })
    await hangUp(sid)
  })

  it('a call placed from the softphone is bridged too: the agent holds the number they called and hands it to a colleague', async () => {
    const peer = new BrowserPeer()
    peers.push(peer)
    adaPhone.send('invite', { callsid: 'TJSoutgoing-bridge', sdp: await peer.offer(), twilio: { params: `To=${encodeURIComponent(OUTSIDE)}` } })
    const callSid = (await pumped(adaPhone.nextOfType('ringing'))).callsid as string
    await peer.accept((await pumped(adaPhone.nextOfType('answer', callSid))).sdp as string)
    await until(async () => Boolean((await prisma.callBridge.findUnique({ where: { conference: `bridge-${callSid}` } }))?.customerCallSid), 'the number dialled')
    const { customerCallSid } = (await prisma.callBridge.findUniqueOrThrow({ where: { conference: `bridge-${callSid}` } }))
    await until(async () => (await inConferenceNamed(`bridge-${callSid}`)).length === 2, 'the number in the conference')
    expect(await row(customerCallSid!)).toMatchObject({ parentCallSid: callSid, fromNumber: line.e164, toNumber: OUTSIDE })

    expect((await api(hold, ada.id, { callSid }, { hold: true })).body).toEqual({ callSid, held: true })
    expect(await inConferenceNamed(`bridge-${callSid}`)).toEqual(expect.arrayContaining([{ callSid: customerCallSid, hold: true }, { callSid, hold: false }]))
    expect((await api(transfer, ada.id, { callSid }, { mode: 'cold', target: { type: 'agent', userId: bea.id } })).status).toBe(200)
    const { legSid: beaLeg } = await answer(beaPhone)
    await until(() => ended(callSid), 'Ada’s call to end')
    await until(async () => (await inConferenceNamed(`bridge-${callSid}`)).length === 2, 'the number with Bea')
    expect(await inConferenceNamed(`bridge-${callSid}`)).toEqual(expect.arrayContaining([{ callSid: customerCallSid, hold: false }, { callSid: beaLeg, hold: false }]))
    await hangUp(customerCallSid!)
    await until(() => ended(beaLeg), 'Bea’s leg to end with the conference')
  })

  it('cold transfer to a queue, and an available agent takes the caller from it on their softphone', async () => {
    const { sid, legSid } = await answeredCall()
    expect((await api(transfer, ada.id, { callSid: legSid }, { mode: 'cold', target: { type: 'queue', queueId: queue.id } })).status).toBe(200)
    await until(() => ended(legSid), 'Ada’s leg to end with the conference')
    await until(async () => (await api(callers, bea.id, { id: queue.id }, undefined, 'GET')).body.callers?.length === 1, 'the caller in the queue')
    const waiting = await api(callers, bea.id, { id: queue.id }, undefined, 'GET')
    expect(waiting.body.callers).toEqual([expect.objectContaining({ callSid: sid, position: 1, callerNumber: CALLER, calledNumber: line.e164, beingTaken: false })])

    const taken = await api(take, bea.id, { id: queue.id }, {})
    expect(taken).toMatchObject({ status: 201, body: { callSid: sid } })
    expect((await api(take, ada.id, { id: queue.id }, { callSid: sid })).status).toBe(409)
    const { legSid: beaLeg, shown } = await answer(beaPhone)
    expect(beaLeg).toBe(taken.body.agentCallSid)
    expect(shown).toEqual({ calledNumber: line.e164, callerNumber: CALLER })
    await until(async () => (await inConference(sid)).length === 2, 'the caller with Bea')
    expect(await inConference(sid)).toEqual(expect.arrayContaining([{ callSid: sid, hold: false }, { callSid: beaLeg, hold: false }]))
    expect((await api(callers, bea.id, { id: queue.id }, undefined, 'GET')).body.callers).toEqual([])
    const events = (await prisma.callLog.findUniqueOrThrow({ where: { callSid: sid }, include: { events: true } })).events.map((e) => e.type)
    for (const type of ['transfer:queue', 'queue:taken', 'webhook:bridge-join']) expect(events).toContain(type)
    await hangUp(sid)
  })

  it('takes a chosen caller from a queue, leaving the other waiting; nobody waiting is a clear 409', async () => {
    expect((await api(take, bea.id, { id: queue.id }, {})).status).toBe(409)
    const waiting = async (count: number) => (await api(callers, ada.id, { id: queue.id }, undefined, 'GET')).body.callers?.length === count
    // One after the other, so their places in line are known.
    const firstCaller = await call(queueLine.e164, '+14155550301')
    await until(() => waiting(1), 'the first caller waiting')
    const secondCaller = await call(queueLine.e164, '+14155550302')
    await until(async () => (await api(callers, ada.id, { id: queue.id }, undefined, 'GET')).body.callers?.length === 2, 'two callers waiting')
    const listed = (await api(callers, ada.id, { id: queue.id }, undefined, 'GET')).body.callers
    expect(listed.map((c: { callSid: string; position: number; callerNumber: string; calledNumber: string }) => [c.callSid, c.position, c.callerNumber, c.calledNumber])).toEqual([
      [firstCaller, 1, '+14155550301', queueLine.e164],
      [secondCaller, 2, '+14155550302', queueLine.e164],
    ])
    expect((await api(take, ada.id, { id: queue.id }, { callSid: secondCaller })).status).toBe(201)
    const { legSid } = await answer(adaPhone)
    await until(async () => (await inConference(secondCaller)).length === 2, 'the chosen caller with Ada')
    const left = (await api(callers, ada.id, { id: queue.id }, undefined, 'GET')).body.callers
    expect(left).toEqual([expect.objectContaining({ callSid: firstCaller, position: 1 })])
    // Ada is on a call now: she cannot take another.
    expect((await api(take, ada.id, { id: queue.id }, {})).status).toBe(409)
    expect((await api(hold, ada.id, { callSid: legSid }, { hold: true })).status).toBe(200)
    await hangUp(secondCaller)
    await hangUp(firstCaller)
  })
})
