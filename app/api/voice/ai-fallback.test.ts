import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { config } from '@/lib/config/env'
import { testPrisma } from '@/lib/db/test-database'
import { mediaKey } from '@/lib/telephony/media-keys'
import { signRequest } from '@/lib/telephony/signed-request'
import { forgetMediaServerHealth } from '@/lib/telephony/media-server-health'
import { scopedDb } from '@/lib/tenancy/scoped-db'
import { control, provisionedOrganization, startVoiceStack, type VoiceStack } from './voice-test-stack'

// The media server hands a call back and closes its stream at once (media-server/bridge.ts
// handBack): its signed POST to /api/voice/hand-back and Twilio's <Connect> action to
// /api/voice/stream-ended race. A peer on the media server's URL does exactly that to a sandbox
// call, in each order and at the same moment; the caller must be greeted once and leave one voicemail.

const GREETING = 'Please leave your message for Acme.'

describe('the AI fallback after a hand-back: voicemail is offered exactly once', () => {
  const prisma = testPrisma()
  let stack: VoiceStack
  let org: Awaited<ReturnType<typeof provisionedOrganization>>
  let peer: WebSocketServer
  let onStart: (socket: WebSocket, callSid: string) => Promise<void>

  beforeAll(async () => {
    peer = new WebSocketServer({ port: 0, host: '127.0.0.1' })
    await new Promise((resolve) => peer.once('listening', resolve))
    peer.on('connection', (socket) => {
      socket.on('message', (raw) => {
        const message = JSON.parse(String(raw)) as { event: string; start?: { callSid: string } }
        if (message.event === 'start') void onStart(socket, message.start!.callSid)
      })
    })
    stack = await startVoiceStack({ mediaServerPublicUrl: `ws://127.0.0.1:${(peer.address() as AddressInfo).port}` })
    org = await provisionedOrganization(prisma, stack, 'ai-fallback')
    forgetMediaServerHealth()
  })
  afterAll(async () => {
    await stack?.close()
    await new Promise((resolve) => peer?.close(resolve))
  })

  const db = () => scopedDb(prisma, org.organizationId)
  const events = (sid: string) => stack.sandbox.engine.events(sid)
  const ended = (sid: string) => ['completed', 'failed', 'canceled'].includes(stack.sandbox.store.calls.get(sid)!.status)

  async function advanceUntil(done: () => boolean | Promise<boolean>, limitMs = 240_000) {
    for (let elapsed = 0; !(await done()); elapsed += 250) {
      if (elapsed > limitMs) throw new Error('the call did not get there in time')
      await stack.clock.advance(250)
    }
  }

  function handBack(callSid: string) {
    const body = JSON.stringify({ callSid, streamSid: `MZ${'2'.repeat(32)}`, reason: 'realtime unavailable after 3 retries' })
    const headers = signRequest(mediaKey(config().secrets.mediaStream, 'hand-back'), { method: 'POST', path: '/api/voice/hand-back', body })
    return fetch(`${stack.app.baseUrl}/api/voice/hand-back`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body }).then((r) => r.json())
  }

  const claimed = async (callSid: string) => {
    const call = await db().callLog.findUnique({ where: { callSid } })
    return Boolean(call && (await db().callEvent.findFirst({ where: { callLogId: call.id, type: 'ai-fallback' } })))
  }

  const orders: Record<string, (socket: WebSocket, callSid: string) => Promise<unknown>> = {
    'at the same moment': (socket, callSid) => Promise.all([handBack(callSid), Promise.resolve(socket.close())]),
    'hand-back first': async (socket, callSid) => {
      await handBack(callSid)
      socket.close()
    },
    'stream end first': async (socket, callSid) => {
      socket.close()
      for (let tries = 0; !(await claimed(callSid)); tries++) {
        if (tries > 200) throw new Error('stream-ended never claimed the fallback')
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
      return handBack(callSid)
    },
  }

  async function aiCallHandedBack(act: (socket: WebSocket, callSid: string) => Promise<unknown>) {
    const line = await org.buyNumber({ routeKind: 'AI', afterHoursMessage: GREETING })
    let acted: Promise<unknown> = Promise.resolve()
    onStart = async (socket, callSid) => {
      acted = act(socket, callSid)
    }
    const { sid } = (await control(stack, 'POST', '/calls', { from: '+14155550143', to: line.e164 })) as { sid: string }
    await advanceUntil(() => events(sid).some((e) => e.type === 'twiml' && e.summary === '<Connect>'))
    await advanceUntil(async () => (await claimed(sid)) && events(sid).some((e) => e.type === 'twiml' && e.summary.startsWith('<Record>')))
    await acted
    await stack.clock.advance(1500) // the beep
    await control(stack, 'POST', `/calls/${sid}/audio`, { say: 'Call me back about the booking.' })
    await advanceUntil(() => ended(sid))
    await stack.clock.advance(5000)
    return sid
  }

  async function expectGreetedOnce(sid: string) {
    const spoken = events(sid).filter((e) => e.type === 'twiml' && e.summary === `<Say> ${GREETING}`)
    expect(spoken).toHaveLength(1)
    expect(events(sid).filter((e) => e.type === 'twiml' && e.summary.startsWith('<Record>'))).toHaveLength(1)
    const call = await db().callLog.findUniqueOrThrow({ where: { callSid: sid } })
    const timeline = await db().callEvent.findMany({ where: { callLogId: call.id } })
    expect(timeline.filter((e) => e.type === 'ai-fallback')).toHaveLength(1)
    expect(timeline.filter((e) => e.type === 'hand-back')).toHaveLength(1)
    expect((await db().voicemail.findMany({ where: { callSid: sid } })).map((v) => v.transcription)).toEqual(['Call me back about the booking.'])
    expect(await db().callerMessage.count({ where: { callLogId: call.id, kind: 'MISSED_CALLBACK' } })).toBe(1)
  }

  for (const [order, act] of Object.entries(orders)) {
    it(`hand-back and stream end ${order}: one greeting, one recording, one voicemail`, async () => {
      await expectGreetedOnce(await aiCallHandedBack(act))
    })
  }

  it('the hand-back wins but its redirect fails: the stream-ended action holds the line, then fetches voicemail itself', async () => {
    // Twilio refuses the Calls update once (a 500 from the REST API).
    stack.sandbox.faults.add({ method: 'POST', path: /\/Calls\/CA[0-9a-f]{32}\.json$/, kind: 'error', status: 500, code: 20500, message: 'Internal Server Error' })
    const sid = await aiCallHandedBack(orders['hand-back first']!)
    const answers = stack.sandbox.engine.events(sid).filter((e) => e.type === 'webhook').map((e) => e.detail as { request: { url: string }; response: { body: string } })
    const streamEnded = answers.find((a) => a.request.url.endsWith('/api/voice/stream-ended'))!
    expect(streamEnded.response.body).toContain('<Pause length="10"/><Redirect method="POST">')
    expect(answers.some((a) => a.request.url.endsWith('/api/voice/voicemail'))).toBe(true)
    await expectGreetedOnce(sid)
  })
})
