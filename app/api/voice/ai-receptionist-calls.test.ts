import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import * as messagesRoute from '@/app/api/messages/route'
import { testPrisma } from '@/lib/db/test-database'
import { callRoute } from '@/lib/testing/api'
import { forgetMediaServerHealth } from '@/lib/telephony/media-server-health'
import { scopedDb } from '@/lib/tenancy/scoped-db'
import { appHandBack } from '@/media-server/hand-back'
import { createLogger } from '@/media-server/log'
import { startHarness, TEST_STREAM_SECRET, type Harness } from '@/media-server/testing/harness'
import { demoBehavior, loadClip, type Behavior, type ResponseContext, type ResponseRequest } from '@/sandbox/realtime/index'
import { startVoiceSdkGateway } from '@/sandbox/twilio/voice-sdk/index'
import { BrowserPeer } from '@/sandbox/twilio/voice-sdk/testing/browser-peer'
import { SdkTestClient } from '@/sandbox/twilio/voice-sdk/testing/sdk-client'
import { issueVoiceToken } from '@/lib/softphone/access-token'
import { control, provisionedOrganization, startVoiceStack, type VoiceStack } from './voice-test-stack'

// The AI receptionist's tools and failures through the whole chain, every part real: a caller in
// the Twilio sandbox dials a number routed to the AI; /api/voice/incoming answers with
// <Connect><Stream> to the real media server, which bridges it to the Realtime stand-in; the
// stand-in's scripted model calls a function; the media server runs it through the app's internal
// route, which changes the live call with Twilio's Calls update. What the sandbox then does with
// the call (a queue, a dialled number, a hang-up, voicemail) is what is asserted. The sandbox's
// call clock is manual; the stream's audio runs in real time, so the helpers below let both pass.

const CALLER = '+14155550161'
const NIGHT_LINE = '+14155550987'
const SILENT_LINE = '+14155550988'

/** The model: the greeting clip, then `then` in the same response (a tool call the greeting leads into). */
const greetThen = (then: (ctx: ResponseContext, request: ResponseRequest) => void): Behavior => ({
  ...demoBehavior,
  onResponse(ctx, request) {
    if (request.conversation.at(-1)?.type === 'function_call_output') return ctx.say({ clip: 'reply-noted' })
    ctx.say({ clip: 'greeting' })
    if (request.responseIndex === 0) then(ctx, request)
  },
})

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

describe('the AI receptionist on sandbox calls', { timeout: 90_000 }, () => {
  const prisma = testPrisma()
  let harness: Harness
  let stack: VoiceStack
  let org: Awaited<ReturnType<typeof provisionedOrganization>>
  const handBacks: string[] = []

  beforeAll(async () => {
    const log = createLogger(() => {})
    // Hand-backs go to the app's real /api/voice/hand-back, signed as media-server/main.ts sends them.
    // The app's configuration is read once: the stack's environment (with the media server's port) comes first.
    const port = await freePort()
    stack = await startVoiceStack({ mediaServerPublicUrl: `ws://127.0.0.1:${port}`, env: { MEDIA_SERVER_INTERNAL_URL: `http://127.0.0.1:${port}`, MEDIA_STREAM_SECRET: TEST_STREAM_SECRET } })
    harness = await startHarness({ quiet: true, server: { port, onHandBack: (handBack) => (handBacks.push(handBack.reason), void appHandBack(`${stack.app.baseUrl}/api/voice/hand-back`, TEST_STREAM_SECRET, log)(handBack)) } })
    org = await provisionedOrganization(prisma, stack, 'ai-calls')
    await prisma.queue.create({ data: { organizationId: org.organizationId, name: 'Support' } })
    await prisma.organization.update({ where: { id: org.organizationId }, data: { aiSettings: { transferNumbers: [{ name: 'Night line', e164: NIGHT_LINE }, { name: 'Silent line', e164: SILENT_LINE }] } } })
    await control(stack, 'PUT', `/outside-numbers/${encodeURIComponent(SILENT_LINE)}`, { behavior: 'ring-out' })
  })
  afterAll(async () => {
    await stack?.close()
    await harness?.close()
  })
  beforeEach(() => {
    forgetMediaServerHealth()
    handBacks.length = 0
  })

  const db = () => scopedDb(prisma, org.organizationId)
  const events = (sid: string) => stack.sandbox.engine.events(sid)
  const twiml = (sid: string) => events(sid).filter((e) => e.type === 'twiml').map((e) => e.summary)
  const ended = (sid: string) => ['completed', 'failed', 'canceled', 'busy', 'no-answer'].includes(stack.sandbox.store.calls.get(sid)!.status)

  /** Advances the call clock in 100 ms steps, letting real time pass for the stream's audio. */
  async function until(done: () => boolean | Promise<boolean>, what: string, limitMs = 120_000) {
    for (let elapsed = 0; !(await done()); elapsed += 100) {
      if (elapsed > limitMs) throw new Error(`timed out waiting for ${what}`)
      await stack.clock.advance(100)
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
  }

  async function aiCall(route: { aiSettings?: object; voice?: string } = {}) {
    const line = await org.buyNumber({ routeKind: 'AI', recordingPolicy: 'NONE', ...route })
    const { sid } = (await control(stack, 'POST', '/calls', { from: CALLER, to: line.e164 })) as { sid: string }
    await until(() => twiml(sid).includes('<Connect>'), 'the stream')
    return { sid, line }
  }

  const toolEvents = async (sid: string) => {
    const row = await db().callLog.findUniqueOrThrow({ where: { callSid: sid } })
    return (await db().callEvent.findMany({ where: { callLogId: row.id, type: 'tool' }, orderBy: { receivedAt: 'asc' } })).map((e) => e.payload as { name: string; arguments: unknown; outcome: { ok: boolean } })
  }

  /** What the team sees: GET /api/messages as the organization's owner, for this call. */
  async function messagesOf(sid: string) {
    const row = await db().callLog.findUniqueOrThrow({ where: { callSid: sid } })
    const { status, body } = await callRoute(messagesRoute.GET, { as: org.ownerId, url: '/api/messages' })
    expect(status).toBe(200)
    return (body.messages as Array<{ kind: string; callerName: string | null; callbackNumber: string | null; body: string; callId: string | null }>).filter((message) => message.callId === row.id)
  }

  async function hangUpAndSettle(sid: string) {
    if (!ended(sid)) stack.sandbox.engine.phone(sid)?.hangUp()
    await until(() => ended(sid) && harness.server.activeCalls() === 0, 'the call to end')
    await stack.clock.advance(5000)
  }

  it('transfer_call to a team: the greeting is heard, then the announcement, and the caller waits in the team’s queue', async () => {
    harness.standIn.setBehavior(greetThen((ctx) => ctx.callFunction('transfer_call', { target: 'Support' })))
    const { sid } = await aiCall()
    await until(() => twiml(sid).some((verb) => verb.startsWith('<Enqueue>')), 'the caller to be enqueued')
    expect(twiml(sid)).toContain('<Say> Please hold while I transfer you to Support.')
    const queue = [...stack.sandbox.store.queues.values()].find((q) => q.accountSid === org.accountSid && q.friendlyName === 'Support')!
    expect(queue.members.map((member) => member.callSid)).toEqual([sid])
    expect(stack.sandbox.store.calls.get(sid)!.status).toBe('in-progress')
    // The stream ended with the transfer: the media server let the call go, and its Realtime session.
    await until(() => harness.server.activeCalls() === 0, 'the media server to release the call')
    const row = await db().callLog.findUniqueOrThrow({ where: { callSid: sid } })
    expect(row.handledBy).toBe('QUEUE')
    expect(await toolEvents(sid)).toEqual([expect.objectContaining({ name: 'transfer_call', arguments: { target: 'Support' }, outcome: { ok: true, result: { transferredTo: 'Support', kind: 'queue' } } })])
    await hangUpAndSettle(sid)
  })

  it('transfer_call to an outside number: dialled from the business’s number, answered by the party there and bridged', async () => {
    harness.standIn.setBehavior(greetThen((ctx) => ctx.callFunction('transfer_call', { target: 'Night line' })))
    const { sid, line } = await aiCall()
    const leg = () => [...stack.sandbox.store.calls.values()].find((call) => call.parentCallSid === sid && call.to === NIGHT_LINE)
    await until(() => leg()?.status === 'in-progress', 'the outside number to answer')
    expect(leg()!.from).toBe(line.e164)
    expect(twiml(sid)).toContain('<Say> Please hold while I transfer you to Night line.')
    expect(stack.sandbox.store.calls.get(sid)!.status).toBe('in-progress')
    await until(() => harness.server.activeCalls() === 0, 'the media server to release the call')
    await hangUpAndSettle(sid)
    expect(leg()!.status).toBe('completed')
    expect((await toolEvents(sid)).map((e) => e.outcome)).toEqual([{ ok: true, result: { transferredTo: 'Night line', kind: 'number' } }])
  })

  it('transfer_call to a person: their registered softphone rings with the caller, answers, and the caller is with them', async () => {
    const gateway = await startVoiceSdkGateway({ engine: stack.sandbox.engine })
    const owner = await prisma.user.update({ where: { id: org.ownerId }, data: { availability: 'AVAILABLE', forwardingNumber: null } })
    const settings = (await prisma.organization.findUniqueOrThrow({ where: { id: org.organizationId } })).aiSettings as object
    await prisma.organization.update({ where: { id: org.organizationId }, data: { aiSettings: { ...settings, transferAgents: [owner.id] } } })
    const device = await SdkTestClient.connect(gateway.url, gateway.caPem)
    const peer = new BrowserPeer()
    try {
      expect((await device.listen((await issueVoiceToken(org.organizationId, owner.id)).token)).type).toBe('connected')
      expect((await device.register()).type).toBe('ready')
      harness.standIn.setBehavior(greetThen((ctx) => ctx.callFunction('transfer_call', { target: owner.name })))
      const { sid } = await aiCall()
      const invite = device.nextOfType('invite')
      let rang: Awaited<typeof invite> | undefined
      void invite.then((message) => (rang = message))
      await until(() => rang !== undefined, 'the softphone to ring')
      const legSid = rang!.callsid as string
      expect(twiml(sid)).toContain(`<Say> Please hold while I transfer you to ${owner.name}.`)
      device.send('answer', { callsid: legSid, sdp: await peer.answer(rang!.sdp as string) })
      await until(() => stack.sandbox.store.calls.get(legSid)?.status === 'in-progress', 'the softphone to answer')
      expect(stack.sandbox.store.calls.get(legSid)).toMatchObject({ parentCallSid: sid, to: `client:${owner.softphoneIdentity}` })
      await until(() => harness.server.activeCalls() === 0, 'the media server to release the call')
      expect((await toolEvents(sid)).map((e) => e.outcome)).toEqual([{ ok: true, result: { transferredTo: owner.name, kind: 'agent' } }])
      await hangUpAndSettle(sid)
      expect(stack.sandbox.store.calls.get(legSid)!.status).toBe('completed')
    } finally {
      await peer.close()
      device.close()
      await gateway.close()
      await prisma.user.update({ where: { id: org.ownerId }, data: { availability: 'OFFLINE' } })
    }
  })

  it('nobody answers the outside number: the caller is back with the receptionist, who is told and offers a message', async () => {
    harness.standIn.setBehavior({
      ...demoBehavior,
      onResponse(ctx, request) {
        // The second session (after the failed transfer) only greets with what the app told it.
        if (request.instructions.includes('You already tried to transfer')) return ctx.say({ clip: 'reply-help' })
        ctx.say({ clip: 'greeting' })
        if (request.responseIndex === 0) ctx.callFunction('transfer_call', { target: 'Silent line' })
      },
    })
    const sessionsBefore = harness.standIn.sessions().length
    const { sid } = await aiCall()
    await until(() => twiml(sid).filter((verb) => verb === '<Connect>').length === 2, 'the caller back with the receptionist')
    const dialled = [...stack.sandbox.store.calls.values()].find((call) => call.parentCallSid === sid && call.to === SILENT_LINE)!
    expect(dialled.status).toBe('no-answer')
    await until(() => harness.standIn.sessions().length === sessionsBefore + 2 && harness.server.activeCalls() === 1, 'the second stream')
    const second = harness.standIn.sessions().at(-1)!
    await until(() => second.events.some((e) => e.direction === 'client' && e.type === 'session.update'), 'the second session')
    const update = second.events.find((e) => e.direction === 'client' && e.type === 'session.update')!.event as { session: { instructions: string } }
    expect(update.session.instructions).toContain('You already tried to transfer this caller to Silent line during this call, and nobody answered (no-answer).')
    const row = await db().callLog.findUniqueOrThrow({ where: { callSid: sid } })
    expect(await db().callEvent.count({ where: { callLogId: row.id, type: 'transfer-failed' } })).toBe(1)
    await hangUpAndSettle(sid)
  })

  it('nobody answers, and the number’s settings say voicemail: the caller leaves a message', async () => {
    harness.standIn.setBehavior(greetThen((ctx) => ctx.callFunction('transfer_call', { target: 'Silent line' })))
    const { sid } = await aiCall({ aiSettings: { transferNoAnswer: 'voicemail' } })
    await until(() => twiml(sid).some((verb) => verb.startsWith('<Record>')), 'voicemail')
    // (The sandbox's event summaries cut long text.)
    expect(twiml(sid).slice(1)).toEqual(['<Say> Please hold while I transfer you to Silent line.', `<Dial> ${SILENT_LINE}`, expect.stringMatching(/^<Say> Sorry, Silent line could not take your call\. Please leave a message/), '<Record>'])
    await stack.clock.advance(1500)
    await control(stack, 'POST', `/calls/${sid}/audio`, { say: 'Please call me back tonight.' })
    await until(() => ended(sid), 'the message to be left')
    await stack.clock.advance(5000)
    expect((await db().voicemail.findMany({ where: { callSid: sid } })).map((v) => v.transcription)).toEqual(['Please call me back tonight.'])
  })

  it('take_message: the caller’s message is stored with the call’s transcript', async () => {
    harness.standIn.setBehavior({
      ...demoBehavior,
      onResponse(ctx, request) {
        if (request.conversation.at(-1)?.type === 'function_call_output') return ctx.say({ clip: 'reply-noted' })
        if (request.trigger === 'turn_detected') return ctx.callFunction('take_message', { callerName: 'Ada Lovelace', callbackNumber: '', reason: 'Wants an appointment next week.', urgency: 'normal' })
        ctx.say({ clip: 'greeting' })
      },
    })
    const before = harness.standIn.sessions().length
    const { sid } = await aiCall()
    const done = (type: string) => (harness.standIn.sessions()[before]?.events ?? []).filter((e) => e.direction === 'server' && e.type === type).length
    await until(() => done('response.done') >= 1, 'the greeting')
    const question = loadClip('caller-question')
    const spokeAt = Date.now()
    stack.sandbox.engine.phone(sid)!.speak(question.samples, question.transcript)
    await until(() => done('response.done') >= 3, 'the tool call and the answer to it')
    const row = await db().callLog.findUniqueOrThrow({ where: { callSid: sid } })
    const turnsOf = () => db().callTranscriptTurn.findMany({ where: { callLogId: row.id }, orderBy: { position: 'asc' } })
    // The reports during the call: the caller stays until the answer to the message is in the transcript.
    await until(async () => (await turnsOf()).length >= 3, 'the answer in the call report')
    await hangUpAndSettle(sid)
    expect(await messagesOf(sid)).toEqual([expect.objectContaining({ kind: 'message', callerName: 'Ada Lovelace', callbackNumber: CALLER, body: 'Wants an appointment next week.' })])
    const turns = await turnsOf()
    expect(turns.map((turn) => turn.speaker)).toEqual(['ASSISTANT', 'CALLER', 'ASSISTANT'])
    expect(turns[1]!.text).toBe(question.transcript)
    // The caller's turn is dated from when they began to speak (the stream's audio runs in real
    // time), not from its commit once the whole question and the silence after it had passed.
    expect(turns[1]!.startedAt.getTime() - spokeAt).toBeLessThan(question.samples.length / 8)
    // As far as the caller heard it when they hung up (the whole of it, or cut with "…").
    const reply = loadClip('reply-noted').transcript
    expect(reply.startsWith(turns[2]!.text.replace(/…$/, ''))).toBe(true)
    expect(turns[2]!.text.length).toBeGreaterThan(5)
  })

  it('end_call: the line is closed once the whole goodbye has been played (every mark confirmed, nothing cleared)', async () => {
    harness.standIn.setBehavior(greetThen((ctx) => ctx.callFunction('end_call', {})))
    const { sid } = await aiCall()
    await until(() => ended(sid), 'the receptionist to hang up')
    expect(twiml(sid).at(-1)).toBe('<Hangup>')
    const stopped = events(sid).find((e) => e.type === 'stream' && /closed by the server|stopped/.test(e.summary))!.detail as { mediaReceived: number; marksEchoed: number; clears: number }
    // The media server sends a mark after each chunk, and the sandbox echoes a mark once the audio
    // before it has played: all echoed, none cleared, so the caller heard every chunk of the goodbye.
    expect(stopped.clears).toBe(0)
    expect(stopped.marksEchoed).toBe(stopped.mediaReceived)
    const greetingMs = loadClip('greeting').samples.length / 8
    expect(stopped.mediaReceived * 100).toBeGreaterThanOrEqual(greetingMs)
    expect((await toolEvents(sid)).map((e) => e.name)).toEqual(['end_call'])
  })

  async function expectVoicemailWithCallback(sid: string, reason: RegExp) {
    await until(() => twiml(sid).some((verb) => verb.startsWith('<Record>')), 'voicemail after the hand-back')
    expect(handBacks).toEqual([expect.stringMatching(reason)])
    await stack.clock.advance(1500)
    await control(stack, 'POST', `/calls/${sid}/audio`, { say: 'Call me back please.' })
    await until(() => ended(sid), 'the message to be left')
    await stack.clock.advance(5000)
    expect(await messagesOf(sid)).toEqual([expect.objectContaining({ kind: 'missed_callback', callbackNumber: CALLER })])
    expect((await db().voicemail.findMany({ where: { callSid: sid } })).map((v) => v.transcription)).toEqual(['Call me back please.'])
  }

  it('a greeting that fails every time: asked again, then handed back; the caller gets voicemail and the team a callback item', async () => {
    harness.standIn.setBehavior({ onResponse: (ctx) => ctx.fail('server_error', 'The server had an error while processing your request.') })
    const { sid } = await aiCall()
    await expectVoicemailWithCallback(sid, /response/i)
    const failed = harness.standIn.sessions().at(-1)!.events.filter((e) => e.direction === 'server' && e.type === 'response.done')
    expect(failed.length).toBeGreaterThanOrEqual(3)
  })

  it('a session.update the API rejects (a voice it no longer has): retried, then handed back to voicemail with a callback item', async () => {
    harness.standIn.setBehavior(demoBehavior)
    const before = harness.standIn.sessions().length
    // Written past the settings' validation, as if the API had dropped the voice since it was chosen.
    const { sid } = await aiCall({ voice: 'nova' })
    await expectVoicemailWithCallback(sid, /session/i)
    const tried = harness.standIn.sessions().slice(before)
    expect(tried.length).toBeGreaterThanOrEqual(2)
    // Each attempt was refused as the API refuses it: an invalid_value error on the voice.
    const refusals = tried.map((session) => session.events.find((e) => e.direction === 'server' && e.type === 'error')?.event as { error: { code: string; param: string } } | undefined)
    expect(refusals.every((refusal) => refusal?.error.code === 'invalid_value' && refusal.error.param === 'session.audio.output.voice')).toBe(true)
  })

  // Last: it stops the stand-in for good.
  it('the stand-in killed mid-call: retried behind the hold chime, then handed back to voicemail with a callback item', async () => {
    harness.standIn.setBehavior(demoBehavior)
    const { sid } = await aiCall()
    await until(() => Boolean(harness.standIn.sessions().at(-1)?.events.some((e) => e.type === 'response.output_audio.delta')), 'the greeting to start')
    await harness.standIn.close()
    await expectVoicemailWithCallback(sid, /realtime|retries|unavailable/i)
  })
})
