/**
 * Pre-warm: the app asks, while it answers the call, for the call's Realtime session to be opened
 * and configured (the app's own sender, lib/telephony/pre-warm.ts, over real HTTP); the stream's
 * `start` takes it over. Bounded, once per call, and only for a signed request with a valid token.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { preWarmStream } from '../lib/telephony/pre-warm'
import { mediaKey } from '../lib/telephony/media-keys'
import { signRequest } from '../lib/telephony/signed-request'
import { callSession, startHarness, streamToken, waitUntil, type Harness } from './testing/harness'
import { TwilioPeer } from './testing/twilio-peer'

let harness: Harness | undefined
afterEach(async () => {
  await harness?.close()
  harness = undefined
})

type Log = ReturnType<Harness['standIn']['sessions']>[number]
const events = (log: Log | undefined, direction: 'client' | 'server', type: string) => (log?.events ?? []).filter((event) => event.direction === direction && event.type === type)
const logEntries = (h: Harness) => h.logLines.map((line) => JSON.parse(line) as Record<string, unknown>)

async function preWarmed(h: Harness) {
  const session = callSession()
  const token = streamToken(session)
  expect(await preWarmStream(token, h.server.httpUrl)).toBe(202)
  await waitUntil(() => events(h.standIn.sessions()[0], 'server', 'session.updated').length > 0, 10_000, 'the pre-warmed session to be configured')
  return { session, token }
}

describe('pre-warm', () => {
  it('opens and configures the session before the stream, and the stream adopts it: one session, greeted at once', async () => {
    harness = await startHarness()
    const { session, token } = await preWarmed(harness)
    const realtime = harness.standIn.sessions()[0]!
    // Configured for the call, but nothing asked of the model yet: the caller is not there.
    expect(events(realtime, 'client', 'session.update')[0]!.event.session).toMatchObject({ instructions: session.instructions, audio: { output: { voice: session.voice } } })
    expect(events(realtime, 'client', 'response.create')).toHaveLength(0)
    expect(harness.server.preWarmedWaiting()).toBe(1)

    const peer = await TwilioPeer.connect({ url: harness.server.streamUrl, callSid: session.callSid, customParameters: { token } })
    await waitUntil(() => peer.received.length > 0, 10_000, 'the greeting')
    expect(harness.standIn.sessions()).toHaveLength(1)
    expect(events(realtime, 'client', 'response.create')).toHaveLength(1)
    expect(harness.server.preWarmedWaiting()).toBe(0)
    expect(logEntries(harness).find((entry) => entry.msg === 'stream accepted')).toMatchObject({ preWarmed: true })
    peer.stop()
    await peer.closed
    await waitUntil(() => realtime.closedAt !== undefined, 5000, 'the session to close with the call')
  })

  it('closes a session no stream takes within the bound; a stream that comes later opens its own', async () => {
    harness = await startHarness({ server: { preWarmMs: 300 } })
    const { session, token } = await preWarmed(harness)
    await waitUntil(() => harness!.standIn.sessions()[0]!.closedAt !== undefined, 10_000, 'the parked session to be closed')
    expect(harness.server.preWarmedWaiting()).toBe(0)
    expect(logEntries(harness).some((entry) => entry.msg === 'closed a pre-warmed session no stream took')).toBe(true)

    const peer = await TwilioPeer.connect({ url: harness.server.streamUrl, callSid: session.callSid, customParameters: { token } })
    await waitUntil(() => peer.received.length > 0, 10_000, 'the greeting')
    expect(harness.standIn.sessions()).toHaveLength(2)
    expect(logEntries(harness).find((entry) => entry.msg === 'stream accepted')).toMatchObject({ preWarmed: false })
    peer.stop()
    await peer.closed
  })

  it('opens one session per call: a second request for the same call is a no-op', async () => {
    harness = await startHarness()
    const { session, token } = await preWarmed(harness)
    expect(await preWarmStream(token, harness.server.httpUrl)).toBe(200)
    // Another token for the same call (the app answered twice) changes nothing either.
    expect(await preWarmStream(streamToken(session), harness.server.httpUrl)).toBe(200)
    expect(harness.standIn.sessions()).toHaveLength(1)
    expect(harness.server.preWarmedWaiting()).toBe(1)
  })

  it('is refused unsigned, signed with another purpose’s key, or with a token that does not verify; nothing is opened', async () => {
    harness = await startHarness()
    const token = streamToken(callSession())
    const body = JSON.stringify({ token })
    const post = (headers: Record<string, string>, payload = body) => fetch(`${harness!.server.httpUrl}/pre-warm`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: payload })
    const signedWith = (purpose: 'pre-warm' | 'internal-api', payload = body) => signRequest(mediaKey('test-stream-secret-0123456789abcdef0123', purpose), { method: 'POST', path: '/pre-warm', body: payload })
    expect((await post({})).status).toBe(401)
    expect((await post(signedWith('internal-api'))).status).toBe(401)
    expect((await post(signedWith('pre-warm', body), JSON.stringify({ token: 'x' }))).status).toBe(401)
    const forged = JSON.stringify({ token: streamToken(callSession(), 'another-secret-0123456789abcdef0123456789') })
    expect((await post(signedWith('pre-warm', forged), forged)).status).toBe(400)
    expect((await post(signedWith('pre-warm'))).status).toBe(202)
    await waitUntil(() => harness!.standIn.sessions().length === 1, 10_000, 'the one session')
    expect(harness.standIn.sessions()).toHaveLength(1)
  })

  it('is off with a bound of 0; streams then open their own sessions', async () => {
    harness = await startHarness({ server: { preWarmMs: 0 } })
    const session = callSession()
    const token = streamToken(session)
    expect(await preWarmStream(token, harness.server.httpUrl)).toBe(404)
    const peer = await TwilioPeer.connect({ url: harness.server.streamUrl, callSid: session.callSid, customParameters: { token } })
    await waitUntil(() => peer.received.length > 0, 10_000, 'the greeting')
    expect(harness.standIn.sessions()).toHaveLength(1)
    peer.stop()
    await peer.closed
  })
})
