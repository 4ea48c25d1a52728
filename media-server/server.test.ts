import { WebSocket } from 'ws'
import { afterEach, describe, expect, it } from 'vitest'
import { callSession, startHarness, streamToken, waitUntil, type Harness } from './testing/harness'
import { TwilioPeer } from './testing/twilio-peer'

let harness: Harness | undefined
afterEach(async () => {
  await harness?.close()
  harness = undefined
})

const httpUrl = (h: Harness, path: string) => h.server.streamUrl.replace(/^ws:/, 'http:').replace(/\/media-stream$/, path)

async function startCall(h: Harness) {
  const session = callSession()
  const peer = await TwilioPeer.connect({ url: h.server.streamUrl, callSid: session.callSid, customParameters: { token: streamToken(session) } })
  await waitUntil(() => peer.received.length > 0, 10_000, 'greeting audio')
  return peer
}

function upgradeStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url)
    socket.on('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0)
      socket.terminate()
    })
    socket.on('open', () => reject(new Error('upgrade accepted')))
    socket.on('error', () => {})
  })
}

describe('health, readiness and shutdown', () => {
  it('answers /health and /ready, and 404 elsewhere', async () => {
    harness = await startHarness()
    const health = await fetch(httpUrl(harness, '/health'))
    expect(health.status).toBe(200)
    expect(await health.json()).toEqual({ status: 'ok', activeCalls: 0 })
    const ready = await fetch(httpUrl(harness, '/ready'))
    expect(ready.status).toBe(200)
    expect(await ready.json()).toEqual({ status: 'ready', activeCalls: 0 })
    expect((await fetch(httpUrl(harness, '/nope'))).status).toBe(404)
    expect(await upgradeStatus(harness.server.streamUrl.replace('/media-stream', '/other'))).toBe(404)
  })

  it('drains on shutdown: not ready, refuses new streams, lets the live call finish, then stops', async () => {
    harness = await startHarness()
    const peer = await startCall(harness)
    const stopped = harness.server.shutdown(60_000)

    const ready = await fetch(httpUrl(harness, '/ready'))
    expect(ready.status).toBe(503)
    expect(await ready.json()).toEqual({ status: 'draining', activeCalls: 1 })
    expect((await fetch(httpUrl(harness, '/health'))).status).toBe(200)
    expect(await upgradeStatus(harness.server.streamUrl)).toBe(503)

    // The live call keeps being served while draining.
    const heard = peer.received.length
    await waitUntil(() => peer.received.length > heard + 5, 2000, 'audio during the drain')
    expect(harness.server.activeCalls()).toBe(1)

    peer.stop()
    await stopped
    expect(harness.server.activeCalls()).toBe(0)
    await expect(fetch(httpUrl(harness, '/health'))).rejects.toThrow()
  })

  it('ends calls still live when the grace period runs out', async () => {
    harness = await startHarness()
    const peer = await startCall(harness)
    await harness.server.shutdown(50)
    expect(await peer.closed).toEqual({ code: 1000, reason: 'media server shutting down' })
    expect(harness.server.activeCalls()).toBe(0)
    const realtime = harness.standIn.sessions()[0]
    await waitUntil(() => realtime.closedAt !== undefined, 2000, 'the Realtime session to close')
    expect(realtime.closeCode).toBe(1000)
  })
})
