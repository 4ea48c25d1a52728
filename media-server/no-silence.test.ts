/**
 * No silent failures: every way a Realtime session or a Twilio stream can stop working without
 * closing ends in a retry or a hand-back, never in a caller listening to nothing.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { demoBehavior } from '../sandbox/realtime/index'
import { RESPONSE_RETRIES } from './bridge'
import { callSession, startHarness, streamToken, waitUntil, type Harness } from './testing/harness'
import { callerQuestion } from './testing/caller-speech'
import { TwilioPeer } from './testing/twilio-peer'

let harness: Harness | undefined
afterEach(async () => {
  await harness?.close()
  harness = undefined
})

const RETRY_DELAYS_MS = [20, 40, 80]
const QUICK_LIVENESS = { readyTimeoutMs: 300, pingIntervalMs: 150 }

const logEntries = (h: Harness) => h.logLines.map((line) => JSON.parse(line) as Record<string, unknown>)
const clientEvents = (h: Harness, index: number, type: string) =>
  (h.standIn.sessions()[index]?.events ?? []).filter((event) => event.direction === 'client' && event.type === type)

async function call(h: Harness, overrides: Parameters<typeof callSession>[0] = {}) {
  const session = callSession(overrides)
  const peer = await TwilioPeer.connect({ url: h.server.streamUrl, callSid: session.callSid, customParameters: { token: streamToken(session) } })
  return { session, peer }
}

describe('a Realtime session that cannot be configured', () => {
  it('is retried when the API refuses session.update (here a voice it does not have), then the call is handed back', async () => {
    harness = await startHarness({ server: { retryDelaysMs: RETRY_DELAYS_MS } })
    const { session, peer } = await call(harness, { voice: 'nova' })
    expect((await peer.closed).reason).toMatch(/^handed back: realtime unavailable after 3 retries/)
    expect(harness.handBacks).toEqual([
      {
        callSid: session.callSid,
        streamSid: peer.streamSid,
        reason: expect.stringMatching(/^realtime unavailable after 3 retries: the Realtime API refused the session configuration: invalid_value: Invalid value: 'nova'/),
      },
    ])
    // Four sessions opened (the first and three retries), each refused and closed by us.
    expect(harness.standIn.sessions()).toHaveLength(4)
    expect(harness.standIn.sessions().every((log) => log.events.some((event) => event.type === 'error'))).toBe(true)
    // Never ready, so never greeted, and the caller heard the hold chime meanwhile.
    expect(clientEvents(harness, 0, 'response.create')).toHaveLength(0)
    expect(peer.received.length).toBeGreaterThan(0)
  })

  it('is given up when session.updated never comes (a hung API), within the ready timeout', async () => {
    harness = await startHarness({ server: { retryDelaysMs: RETRY_DELAYS_MS }, liveness: QUICK_LIVENESS })
    harness.standIn.setBehavior({ onSessionStart: (ctx) => ctx.stopAnswering() })
    const { peer } = await call(harness)
    await peer.closed
    expect(harness.handBacks.map((handBack) => handBack.reason)).toEqual(['realtime unavailable after 3 retries: no session.updated within 300 ms'])
  })
})

describe('a Realtime session that stops answering mid-call', () => {
  it('is noticed by its unanswered ping and replaced by a new session, which carries the call on', async () => {
    harness = await startHarness({ server: { retryDelaysMs: RETRY_DELAYS_MS }, liveness: QUICK_LIVENESS })
    let hangFirst: (() => void) | undefined
    harness.standIn.setBehavior({
      ...demoBehavior,
      onSessionStart: (ctx) => {
        hangFirst ??= ctx.stopAnswering
      },
    })
    const { peer } = await call(harness)
    await waitUntil(() => peer.received.length >= 10, 10_000, 'greeting audio')
    hangFirst!()
    await waitUntil(() => harness!.standIn.sessions().length === 2 && harness!.standIn.sessions()[1]!.events.some((event) => event.type === 'session.updated'), 5000, 'a new session')
    const lost = logEntries(harness).find((entry) => entry.msg === 'realtime connection lost; retrying')
    expect(lost).toMatchObject({ reason: 'the Realtime socket stopped answering (no pong within 150 ms)', attempt: 1 })
    await waitUntil(() => clientEvents(harness!, 1, 'input_audio_buffer.append').length > 0, 2000, 'caller audio in the new session')
    expect(harness.handBacks).toEqual([])
    peer.stop()
    await peer.closed
  })
})

describe('a failed response', () => {
  it('asks again for a failed greeting, and the caller hears it', async () => {
    harness = await startHarness()
    let failures = 0
    harness.standIn.setBehavior({
      ...demoBehavior,
      onResponse: (ctx, request) => {
        if (failures++ === 0) return ctx.fail('server_error', 'The server had an error while processing your request.')
        return demoBehavior.onResponse!(ctx, { ...request, responseIndex: 0 })
      },
    })
    const { peer } = await call(harness)
    await waitUntil(() => peer.received.length >= 10, 10_000, 'the greeting, asked for again')
    const creates = clientEvents(harness, 0, 'response.create')
    expect(creates).toHaveLength(2)
    // Both times the greeting was asked for, with its instructions.
    expect(creates.every((event) => JSON.stringify(event.event).includes('Begin the call by saying exactly'))).toBe(true)
    expect(logEntries(harness).find((entry) => entry.msg === 'realtime response failed; asking again')).toMatchObject({ reason: 'failed (server_error)', attempt: 1 })
    peer.stop()
    await peer.closed
  })

  it(`hands the call back once ${RESPONSE_RETRIES + 1} responses in a row have failed`, async () => {
    harness = await startHarness()
    harness.standIn.setBehavior({ onResponse: (ctx) => ctx.fail('server_error', 'The server had an error while processing your request.') })
    const { session, peer } = await call(harness)
    const closed = await peer.closed
    expect(closed.reason).toBe(`handed back: ${RESPONSE_RETRIES + 1} responses failed in a row, the last failed (server_error)`)
    expect(harness.handBacks.map((handBack) => handBack.callSid)).toEqual([session.callSid])
    expect(clientEvents(harness, 0, 'response.create')).toHaveLength(RESPONSE_RETRIES + 1)
  })
})

describe('a Twilio stream that stops without closing', () => {
  it('is handed back when Twilio goes quiet: no frames, no mark echoes', async () => {
    harness = await startHarness({ server: { watchdog: { intervalMs: 50, twilioSilentMs: 400, unplayedMs: 60_000 } } })
    const { session, peer } = await call(harness)
    await waitUntil(() => peer.received.length >= 5, 10_000, 'greeting audio')
    peer.freeze()
    const closed = await peer.closed
    expect(closed.reason).toBe('handed back: twilio sent nothing for 400 ms')
    expect(harness.handBacks.map((handBack) => handBack.callSid)).toEqual([session.callSid])
  })

  it('is handed back when Twilio stops playing what it is sent (marks unconfirmed), although frames still come', async () => {
    harness = await startHarness({ server: { watchdog: { intervalMs: 50, twilioSilentMs: 60_000, unplayedMs: 1500 } } })
    const session = callSession()
    const peer = await TwilioPeer.connect({ url: harness.server.streamUrl, callSid: session.callSid, customParameters: { token: streamToken(session) }, playsAudio: false })
    const closed = await peer.closed
    expect(closed.reason).toBe('handed back: twilio has not played audio sent 1500 ms ago')
  })
})

describe('the caller before the session is ready, and the keypad', () => {
  it('keeps caller audio that arrives while the session is set up and sends it once ready', async () => {
    // The app takes a while to confirm the stream: the caller is already talking meanwhile.
    harness = await startHarness({ claimDelayMs: 300 })
    const { peer } = await call(harness)
    await waitUntil(() => clientEvents(harness!, 0, 'input_audio_buffer.append').length > 0, 5000, 'caller audio')
    peer.stop()
    await peer.closed
    await waitUntil(() => harness!.server.activeCalls() === 0, 2000, 'the call to end')
    const ended = logEntries(harness).find((entry) => entry.msg === 'call ended')!
    expect(ended.framesDropped).toBe(0)
    expect(ended.framesForwarded).toBe(ended.framesIn)
    expect(logEntries(harness).find((entry) => entry.msg === 'realtime session ready')!.earlyFrames).toBeGreaterThanOrEqual(10)
  })

  it('tells the model which key the caller pressed, interrupting the assistant as speech would', async () => {
    harness = await startHarness()
    const { peer } = await call(harness)
    await waitUntil(() => peer.received.length >= 5, 10_000, 'the greeting')
    peer.pressDigit('1')
    await waitUntil(() => clientEvents(harness!, 0, 'conversation.item.create').length === 1, 2000, 'the keypad note')
    expect(clientEvents(harness, 0, 'conversation.item.create')[0]!.event).toMatchObject({
      item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'The caller pressed 1 on the keypad.' }] },
    })
    await waitUntil(() => clientEvents(harness!, 0, 'response.create').length === 2, 2000, 'a response to the key')
    // The greeting was still playing: it was cancelled (or had just finished) and cut to what was heard.
    expect(peer.clears.length + clientEvents(harness, 0, 'response.cancel').length).toBeGreaterThan(0)
    peer.stop()
    await peer.closed
  })
})

describe('a session that must be renewed', () => {
  it('continues with the conversation so far when the API ends the session at its maximum duration', async () => {
    harness = await startHarness({ standIn: { sessionLifetimeMs: 9000 }, server: { retryDelaysMs: RETRY_DELAYS_MS } })
    const session = callSession()
    // The caller asks a question 1 s into the greeting (a barge-in), and is answered.
    const peer = await TwilioPeer.connect({ url: harness.server.streamUrl, callSid: session.callSid, customParameters: { token: streamToken(session) }, callerFrame: callerQuestion(50) })
    const sessions = () => harness!.standIn.sessions()
    await waitUntil(() => sessions().length === 2 && sessions()[1]!.events.some((event) => event.type === 'session.updated'), 15_000, 'the renewed session')
    expect(sessions()[0]!.events.some((event) => event.type === 'error' && JSON.stringify(event.event).includes('session_expired'))).toBe(true)
    expect(sessions()[0]!.closeCode).toBe(1001)
    await waitUntil(() => clientEvents(harness!, 1, 'conversation.item.create').length >= 2, 2000, 'the conversation replayed')
    const replayed = clientEvents(harness, 1, 'conversation.item.create').map((event) => (event.event as { item: { role: string; content: Array<{ text: string }> } }).item)
    const said = replayed.map((item) => `${item.role}: ${item.content[0]!.text}`)
    // The interrupted greeting as far as it was heard, the caller's question, the answer.
    expect(said[0]).toMatch(/^assistant: Hello,.*…$/)
    expect(said.slice(1)).toEqual(['user: Hi, I would like to book an appointment for next week, please.', 'assistant: Sure, I can help with that. Could you tell me a little more?'])
    // Not greeted again; the caller's audio flows into the new session.
    expect(clientEvents(harness, 1, 'response.create')).toHaveLength(0)
    await waitUntil(() => clientEvents(harness!, 1, 'input_audio_buffer.append').length > 0, 2000, 'caller audio in the new session')
    expect(harness.handBacks).toEqual([])
    peer.stop()
    await peer.closed
  })
})
