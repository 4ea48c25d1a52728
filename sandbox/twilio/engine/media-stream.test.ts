import twilio from 'twilio'
import type { IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { encodeMulaw } from '../audio/mulaw'
import { tone } from '../audio/tones'
import { ManualClock } from '../clock'
import { createTestSandbox, type TestSandbox } from './testing/harness'
import { startTwimlApp, twiml, type TwimlApp } from './testing/twiml-app'

interface Received {
  message: Record<string, any>
  /** The sandbox clock's time when the message arrived: the tests drive it, nothing is real time. */
  atMs: number
}

describe('Media Streams (<Connect><Stream>)', () => {
  let clock: ManualClock
  let sandbox: TestSandbox
  let app: TwimlApp
  let wss: WebSocketServer
  let streamUrl: string
  let upgrade: Promise<{ socket: WebSocket; request: IncomingMessage; received: Received[] }>

  beforeEach(async () => {
    clock = new ManualClock()
    // Frames are paced by the media clock alone; the call itself runs in real time.
    sandbox = createTestSandbox({ mediaClock: clock })
    wss = new WebSocketServer({ host: '127.0.0.1', port: 0 })
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()))
    streamUrl = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/media`
    upgrade = new Promise((resolve) =>
      wss.once('connection', (socket, request) => {
        const received: Received[] = []
        socket.on('message', (data) => received.push({ message: JSON.parse(data.toString()), atMs: clock.now() }))
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

  /** Waits for real I/O (sockets, webhooks) to deliver, letting the clock settle; never moves time. */
  const until = async (check: () => boolean) => {
    for (let attempt = 0; !check(); attempt++) {
      if (attempt > 2000) throw new Error('condition not reached')
      await clock.settle()
      await new Promise((resolve) => setTimeout(resolve, 2))
    }
  }

  async function placeCall() {
    const number = sandbox.buyNumber(sandbox.subaccount.sid, '+15005550030', { voiceUrl: app.url('/voice') })
    const call = sandbox.engine.placeInboundCall({ from: '+14155550100', to: number.phoneNumber })
    const connected = await upgrade
    await until(() => connected.received.length >= 2)
    return { sid: call.sid, phone: sandbox.engine.phone(call.sid)!, ...connected }
  }

  const media = (received: Received[]) => received.filter((r) => r.message.event === 'media')
  const marks = (received: Received[]) => received.filter((r) => r.message.event === 'mark')

  /** Moves the clock one frame at a time, waiting for each frame to arrive before the next. */
  async function advanceFrames(received: Received[], frames: number) {
    for (let i = 0; i < frames; i++) {
      const before = media(received).length
      await clock.advance(20)
      await until(() => media(received).length > before)
    }
  }

  it('signs the upgrade, sends connected and start, then 160-byte frames paced every 20 ms', async () => {
    const { sid, phone, request, received } = await placeCall()
    expect(twilio.validateRequest(sandbox.subaccount.authToken, request.headers['x-twilio-signature'] as string, streamUrl, {})).toBe(true)
    const [connected, start] = received.map((r) => r.message)
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

    // The first frame goes at once; then exactly one frame per 20 ms of the call's clock.
    await clock.advance(0)
    await until(() => media(received).length === 1)
    await advanceFrames(received, 50)
    const frames = media(received)
    expect(frames).toHaveLength(51)
    // advanceFrames saw exactly one new frame per 20 ms; each carries its time on the call's clock.
    const first = Number(frames[0]!.message.media.timestamp)
    frames.forEach((frame, i) => {
      expect(frame.message).toMatchObject({ event: 'media', streamSid: start.streamSid, sequenceNumber: String(i + 2), media: { track: 'inbound', chunk: String(i + 1), timestamp: String(first + i * 20) } })
      expect(Buffer.from(frame.message.media.payload, 'base64')).toHaveLength(160)
    })

    phone.speak(tone(1000, 200))
    await advanceFrames(received, 2)
    expect(media(received).slice(-2).some((r) => Buffer.from(r.message.media.payload, 'base64').some((b) => b !== 0xff))).toBe(true)
    phone.pressDigits('5')
    await until(() => received.some((r) => r.message.event === 'dtmf'))
    expect(received.find((r) => r.message.event === 'dtmf')?.message).toMatchObject({ event: 'dtmf', streamSid: start.streamSid, dtmf: { track: 'inbound_track', digit: '5' } })
  })

  it('plays server audio at real time, echoes a mark after it has played, and clear drops audio and echoes pending marks', async () => {
    const { sid, phone, socket, received } = await placeCall()
    await clock.advance(0)
    await until(() => media(received).length === 1)
    const streamSid = received[1]!.message.streamSid
    const audio = encodeMulaw(tone(500, 300)) // 300 ms = 15 frames
    socket.send(JSON.stringify({ event: 'media', streamSid, media: { payload: audio.toString('base64') } }))
    socket.send(JSON.stringify({ event: 'mark', streamSid, mark: { name: 'greeting' } }))
    const sentAt = clock.now()
    // The mark comes back with the tick that plays the last of the 15 frames, not before.
    await advanceFrames(received, 14)
    expect(marks(received)).toHaveLength(0)
    await advanceFrames(received, 1)
    await until(() => marks(received).length === 1)
    expect(marks(received)[0]!.message).toMatchObject({ event: 'mark', streamSid, mark: { name: 'greeting' } })
    expect(marks(received)[0]!.atMs - sentAt).toBe(300)
    // The caller heard it (the line records on the call's own clock, not the media clock).
    expect(phone.heard.spanWithin(0, Infinity)).not.toBeNull()

    const long = encodeMulaw(tone(500, 5000))
    socket.send(JSON.stringify({ event: 'media', streamSid, media: { payload: long.toString('base64') } }))
    socket.send(JSON.stringify({ event: 'mark', streamSid, mark: { name: 'long' } }))
    await advanceFrames(received, 5)
    socket.send(JSON.stringify({ event: 'clear', streamSid }))
    const clearedAt = clock.now()
    // `clear` echoes the pending mark at once: no tick of the clock is needed.
    await until(() => marks(received).length === 2)
    expect(marks(received)[1]!.atMs).toBe(clearedAt)
    const heardBefore = phone.heard.endMs()
    await advanceFrames(received, 10)
    expect(phone.heard.endMs()).toBe(heardBefore)

    phone.hangUp()
    await until(() => received.some((r) => r.message.event === 'stop'))
    expect(received.at(-1)?.message).toMatchObject({ event: 'stop', streamSid, stop: { accountSid: sandbox.subaccount.sid, callSid: sid } })
  })

  it('continues with the next verb when the server closes the socket', async () => {
    const { sid, socket, received } = await placeCall()
    await advanceFrames(received, 3)
    socket.close()
    await until(() => sandbox.engine.events(sid).some((e) => e.type === 'twiml' && e.summary.includes('after the stream')))
    expect(received.some((r) => r.message.event === 'stop')).toBe(false)
  })
})
