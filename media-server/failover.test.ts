import { afterEach, describe, expect, it } from 'vitest'
import { holdChime } from './hold-audio'
import { callSession, startHarness, streamToken, waitUntil, type Harness } from './testing/harness'
import { TwilioPeer } from './testing/twilio-peer'

let harness: Harness | undefined
afterEach(async () => {
  await harness?.close()
  harness = undefined
})

const RETRY_DELAYS_MS = [30, 60, 120]

async function callInProgress(h: Harness) {
  const session = callSession()
  const peer = await TwilioPeer.connect({ url: h.server.streamUrl, callSid: session.callSid, customParameters: { token: streamToken(session) } })
  // Well into the greeting.
  await waitUntil(() => peer.received.length >= 10, 10_000, 'greeting audio')
  return { session, peer }
}

const logEntries = (h: Harness) => h.logLines.map((line) => JSON.parse(line) as Record<string, unknown>)

describe('Realtime failures', () => {
  it('retries 3 times with backoff behind the hold chime when the Realtime service dies, then hands the call back and ends cleanly', async () => {
    harness = await startHarness({ server: { retryDelaysMs: RETRY_DELAYS_MS } })
    const { session, peer } = await callInProgress(harness)
    await harness.standIn.close()

    const closed = await peer.closed
    expect(closed).toEqual({ code: 1000, reason: expect.stringMatching(/^handed back: realtime unavailable after 3 retries/) })
    expect(harness.handBacks).toEqual([{ callSid: session.callSid, streamSid: peer.streamSid, reason: expect.stringMatching(/after 3 retries/) }])
    const retries = logEntries(harness).filter((entry) => entry.msg === 'realtime connection lost; retrying')
    expect(retries.map((entry) => entry.attempt)).toEqual([1, 2, 3])
    expect(retries.every((entry) => entry.callSid === session.callSid)).toBe(true)
    // Backoff: each retry waited its configured delay (what the timer was set to, not a wall-clock reading).
    expect(retries.map((entry) => entry.delayMs)).toEqual([...RETRY_DELAYS_MS])

    // The assistant's audio was cleared and the caller heard the hold chime instead.
    expect(peer.clears).toHaveLength(1)
    const afterDrop = Buffer.concat(peer.received.filter((media) => media.atMs > peer.clears[0].atMs).map((media) => media.bytes))
    expect(afterDrop.length).toBeGreaterThanOrEqual(5 * 160)
    expect(afterDrop).toEqual(Buffer.from(holdChime().subarray(0, afterDrop.length)))
    expect(harness.server.activeCalls()).toBe(0)
  })

  it('reconnects after a dropped Realtime connection and carries on without greeting again', async () => {
    harness = await startHarness({ server: { retryDelaysMs: RETRY_DELAYS_MS } })
    const { peer } = await callInProgress(harness)
    harness.standIn.dropAll()
    const sessions = () => harness!.standIn.sessions()
    await waitUntil(() => sessions().length === 2 && sessions()[1].events.some((event) => event.type === 'session.updated'), 5000, 'the new session')
    const [first, second] = harness.standIn.sessions()
    expect(first.closedAt).toBeDefined()
    expect(second.events.filter((event) => event.direction === 'client' && event.type === 'session.update')).toHaveLength(1)
    expect(second.events.filter((event) => event.direction === 'client' && event.type === 'response.create')).toHaveLength(0)
    // Caller audio flows into the new session.
    await waitUntil(() => second.events.some((event) => event.type === 'input_audio_buffer.append'), 2000, 'caller audio in the new session')
    expect(harness.handBacks).toEqual([])
    expect(peer.socket.readyState).toBe(peer.socket.OPEN)
    peer.stop()
    await peer.closed
    await waitUntil(() => harness!.server.activeCalls() === 0, 2000, 'the call to end')
  })

  it('hands back after 3 retries when the Realtime service is unreachable from the start', async () => {
    harness = await startHarness({ server: { retryDelaysMs: RETRY_DELAYS_MS } })
    await harness.standIn.close()
    const session = callSession()
    const peer = await TwilioPeer.connect({ url: harness.server.streamUrl, callSid: session.callSid, customParameters: { token: streamToken(session) } })
    const closed = await peer.closed
    expect(closed.code).toBe(1000)
    expect(harness.handBacks.map((handBack) => handBack.callSid)).toEqual([session.callSid])
    // The caller was not left in silence while we retried.
    expect(peer.received.length).toBeGreaterThan(0)
  })
})

describe('Twilio stream dropping', () => {
  it('ends the AI session and releases the call: Realtime socket closed, no call or timer left', async () => {
    harness = await startHarness()
    const timersBefore = process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length
    const { session, peer } = await callInProgress(harness)
    const realtime = harness.standIn.sessions()[0]
    peer.drop()
    await waitUntil(() => harness!.server.activeCalls() === 0, 2000, 'the call to end')
    await waitUntil(() => realtime.closedAt !== undefined, 2000, 'the Realtime socket to close')
    expect(realtime.closeCode).toBe(1000)
    expect(logEntries(harness).find((entry) => entry.msg === 'call ended')).toMatchObject({ reason: 'twilio stream closed', callSid: session.callSid })
    await waitUntil(() => process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length <= timersBefore, 2000, 'timers to be released')
  })
})
