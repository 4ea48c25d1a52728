import twilio from 'twilio'
import type { IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { encodeMulaw } from '../audio/mulaw'
import { tone } from '../audio/tones'
import { createTestSandbox, type TestSandbox } from './testing/harness'
import { startTwimlApp, twiml, type TwimlApp } from './testing/twiml-app'

interface Received {
  message: Record<string, any>
  atMs: number
}

describe('Media Streams (<Connect><Stream>)', () => {
  let sandbox: TestSandbox
  let app: TwimlApp
  let wss: WebSocketServer
  let streamUrl: string
  let upgrade: Promise<{ socket: WebSocket; request: IncomingMessage; received: Received[] }>

  beforeEach(async () => {
    sandbox = createTestSandbox()
    wss = new WebSocketServer({ host: '127.0.0.1', port: 0 })
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()))
    streamUrl = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/media`
    upgrade = new Promise((resolve) =>
      wss.once('connection', (socket, request) => {
        const received: Received[] = []
        socket.on('message', (data) => received.push({ message: JSON.parse(data.toString()), atMs: performance.now() }))
        resolve({ socket, request, received })
      }),
    )
    app = await startTwimlApp((r) =>
      r.path === '/voice'
        ? twiml(`<Connect><Stream url="${streamUrl}"><Parameter name="tenant" value="acme"/><Parameter name="lang" value="en"/></Stream></Connect><Say>after the stream</Say>`)
        : twiml('<Hangup/>'),
    )
  })
  afterEach(async () => {
    await sandbox.close()
    await app.close()
    for (const client of wss.clients) client.terminate()
    await new Promise((resolve) => wss.close(resolve))
  })

  function placeCall() {
    const number = sandbox.buyNumber(sandbox.subaccount.sid, '+15005550030', { voiceUrl: app.url('/voice') })
    const call = sandbox.engine.placeInboundCall({ from: '+14155550100', to: number.phoneNumber })
    return { sid: call.sid, phone: sandbox.engine.phone(call.sid)! }
  }

  const until = async (check: () => boolean, timeoutMs = 5000) => {
    const deadline = Date.now() + timeoutMs
    while (!check()) {
      if (Date.now() > deadline) throw new Error('condition not reached')
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
  }

  it('signs the upgrade, sends connected and start, then 160-byte frames paced every 20 ms', async () => {
    const { sid, phone } = placeCall()
    const { request, received } = await upgrade
    expect(twilio.validateRequest(sandbox.subaccount.authToken, request.headers['x-twilio-signature'] as string, streamUrl, {})).toBe(true)
    await until(() => received.length >= 53)
    const [connected, start, ...media] = received.map((r) => r.message)
    expect(connected).toEqual({ event: 'connected', protocol: 'Call', version: '1.0.0' })
    expect(start).toMatchObject({
      event: 'start',
      sequenceNumber: '1',
      start: {
        accountSid: sandbox.subaccount.sid,
        callSid: sid,
        tracks: ['inbound'],
        mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
        customParameters: { tenant: 'acme', lang: 'en' },
      },
    })
    expect(start.streamSid).toMatch(/^MZ[0-9a-f]{32}$/)
    expect(start.start.streamSid).toBe(start.streamSid)
    const frames = media.slice(0, 51)
    frames.forEach((frame, i) => {
      expect(frame).toMatchObject({ event: 'media', streamSid: start.streamSid, sequenceNumber: String(i + 2), media: { track: 'inbound', chunk: String(i + 1) } })
      expect(typeof frame.media.timestamp).toBe('string')
      expect(Buffer.from(frame.media.payload, 'base64')).toHaveLength(160)
    })
    // Pacing: 50 intervals of 20 ms span one second; no frame strays far from its due time.
    const times = received.slice(2, 53).map((r) => r.atMs)
    const span = times[50] - times[0]
    expect(span).toBeGreaterThan(940)
    expect(span).toBeLessThan(1060)
    const jitter = Math.max(...times.map((t, i) => Math.abs(t - (times[0] + i * 20))))
    expect(jitter).toBeLessThan(40)
    console.log(`media pacing: 50 frames in ${span.toFixed(1)} ms, max deviation ${jitter.toFixed(1)} ms`)

    phone.speak(tone(1000, 200))
    await until(() => received.some((r) => r.message.event === 'media' && Buffer.from(r.message.media.payload, 'base64').some((b) => b !== 0xff)))
    phone.pressDigits('5')
    await until(() => received.some((r) => r.message.event === 'dtmf'))
    expect(received.find((r) => r.message.event === 'dtmf')?.message).toMatchObject({ event: 'dtmf', streamSid: start.streamSid, dtmf: { track: 'inbound_track', digit: '5' } })
  })

  it('plays server audio at real time, echoes a mark after it has played, and clear drops audio and echoes pending marks', async () => {
    const { sid, phone } = placeCall()
    const { socket, received } = await upgrade
    await until(() => received.length >= 2)
    const streamSid = received[1].message.streamSid
    const audio = encodeMulaw(tone(500, 300)) // 300 ms = 15 frames
    const sentAt = performance.now()
    socket.send(JSON.stringify({ event: 'media', streamSid, media: { payload: audio.toString('base64') } }))
    socket.send(JSON.stringify({ event: 'mark', streamSid, mark: { name: 'greeting' } }))
    await until(() => received.some((r) => r.message.event === 'mark'))
    const mark = received.find((r) => r.message.event === 'mark')!
    expect(mark.message).toMatchObject({ event: 'mark', streamSid, mark: { name: 'greeting' } })
    expect(mark.atMs - sentAt).toBeGreaterThan(260)
    expect(mark.atMs - sentAt).toBeLessThan(380)
    expect(phone.heard.endMs() - phone.heard.spanWithin(0, Infinity)!.fromMs).toBeGreaterThanOrEqual(290)

    const long = encodeMulaw(tone(500, 5000))
    socket.send(JSON.stringify({ event: 'media', streamSid, media: { payload: long.toString('base64') } }))
    socket.send(JSON.stringify({ event: 'mark', streamSid, mark: { name: 'long' } }))
    await new Promise((resolve) => setTimeout(resolve, 100))
    const clearedAt = performance.now()
    socket.send(JSON.stringify({ event: 'clear', streamSid }))
    await until(() => received.filter((r) => r.message.event === 'mark').length === 2)
    expect(received.filter((r) => r.message.event === 'mark')[1].atMs - clearedAt).toBeLessThan(50)
    const heardBefore = phone.heard.endMs()
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(phone.heard.endMs()).toBe(heardBefore)

    phone.hangUp()
    await until(() => received.some((r) => r.message.event === 'stop'))
    expect(received.at(-1)?.message).toMatchObject({ event: 'stop', streamSid, stop: { accountSid: sandbox.subaccount.sid, callSid: sid } })
  })

  it('continues with the next verb when the server closes the socket', async () => {
    const { sid } = placeCall()
    const { socket, received } = await upgrade
    await until(() => received.length >= 5)
    socket.close()
    const say = await sandbox.engine.waitForEvent(sid, (e) => e.type === 'twiml' && e.summary.includes('after the stream'))
    expect(say).toBeTruthy()
    expect(received.some((r) => r.message.event === 'stop')).toBe(false)
  })
})
