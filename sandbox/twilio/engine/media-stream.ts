/**
 * The Twilio side of a bidirectional Media Stream (<Connect><Stream>), speaking the protocol of
 * https://www.twilio.com/docs/voice/media-streams/websocket-messages: `connected`, `start`, then a
 * `media` frame of 160 μ-law bytes (20 ms at 8 kHz) every 20 ms of real time carrying what the
 * caller says (silence when they say nothing), `dtmf`, `mark` echoes and `stop`. Audio the server
 * sends is queued and played 160 bytes per tick; a `mark` is echoed once the audio queued before
 * it has played; `clear` drops queued audio and echoes the pending marks.
 */
import { randomBytes } from 'node:crypto'
import WebSocket from 'ws'
import type { Clock } from '../clock'
import { decodeMulaw, encodeMulaw, MULAW_SILENCE } from '../audio/mulaw'
import { startPacer, type Pacer } from './frame-pacer'
import { twilioSignature } from './webhook'

export const FRAME_BYTES = 160
export const FRAME_MS = 20

export interface MediaStreamOptions {
  url: string
  accountSid: string
  callSid: string
  authToken: string
  customParameters: Record<string, string>
  clock: Clock
  /** Called with each 20 ms of server audio as it plays. */
  onPlayback(samples: Int16Array): void
  log(summary: string, detail?: Record<string, unknown>): void
}

type Outbound = { kind: 'audio'; bytes: Buffer } | { kind: 'mark'; name: string }

export interface MediaStreamStats {
  framesSent: number
  mediaReceived: number
  marksEchoed: number
  clears: number
}

export class MediaStreamConnection {
  readonly streamSid = `MZ${randomBytes(16).toString('hex')}`
  readonly stats: MediaStreamStats = { framesSent: 0, mediaReceived: 0, marksEchoed: 0, clears: 0 }
  /** Resolves when the socket has closed, whoever closed it. */
  readonly closed: Promise<void>
  private sequence = 0
  private readonly inbound: Buffer[] = []
  private inboundOffset = 0
  private outbound: Outbound[] = []
  private pacer: Pacer | null = null
  private stopped = false

  private constructor(
    private readonly socket: WebSocket,
    private readonly options: MediaStreamOptions,
  ) {
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()))
    socket.on('message', (data) => this.receive(data.toString()))
    socket.once('close', () => this.pacer?.stop())
  }

  /** Opens the socket; the upgrade request carries X-Twilio-Signature over the stream URL. */
  static open(options: MediaStreamOptions): Promise<MediaStreamConnection> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(options.url, {
        headers: { 'X-Twilio-Signature': twilioSignature(options.authToken, options.url, {}), 'User-Agent': 'Twilio.TmeWs/1.0' },
        handshakeTimeout: 10_000,
      })
      socket.once('open', () => {
        const connection = new MediaStreamConnection(socket, options)
        connection.begin()
        resolve(connection)
      })
      socket.once('error', reject)
    })
  }

  /** Queues caller audio (8 kHz PCM) to go out in the next frames. */
  sendCallerAudio(samples: Int16Array): void {
    this.inbound.push(encodeMulaw(samples))
  }

  sendDtmf(digit: string): void {
    this.send({ event: 'dtmf', streamSid: this.streamSid, sequenceNumber: this.nextSequence(), dtmf: { track: 'inbound_track', digit } })
  }

  /** Twilio ends the stream (call ended or moved on): `stop`, then close. */
  stop(): void {
    if (this.stopped) return
    this.stopped = true
    this.pacer?.stop()
    if (this.socket.readyState === WebSocket.OPEN) {
      this.send({ event: 'stop', sequenceNumber: this.nextSequence(), streamSid: this.streamSid, stop: { accountSid: this.options.accountSid, callSid: this.options.callSid } })
      this.socket.close(1000)
    }
    this.options.log(`stream ${this.streamSid} stopped`, { ...this.stats })
  }

  private begin(): void {
    this.send({ event: 'connected', protocol: 'Call', version: '1.0.0' })
    this.send({
      event: 'start',
      sequenceNumber: this.nextSequence(),
      start: {
        accountSid: this.options.accountSid,
        streamSid: this.streamSid,
        callSid: this.options.callSid,
        tracks: ['inbound'],
        mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
        customParameters: this.options.customParameters,
      },
      streamSid: this.streamSid,
    })
    this.options.log(`stream ${this.streamSid} started → ${this.options.url}`, { streamSid: this.streamSid, customParameters: this.options.customParameters })
    const startMs = this.options.clock.now()
    this.pacer = startPacer(this.options.clock, FRAME_MS, (index) => this.tick(index, startMs))
  }

  private tick(index: number, startMs: number): void {
    if (this.socket.readyState !== WebSocket.OPEN) return
    this.send({
      event: 'media',
      sequenceNumber: this.nextSequence(),
      media: { track: 'inbound', chunk: String(index + 1), timestamp: String(Math.round(this.options.clock.now() - startMs)), payload: this.nextInboundFrame().toString('base64') },
      streamSid: this.streamSid,
    })
    this.stats.framesSent++
    this.playOutbound()
  }

  private nextInboundFrame(): Buffer {
    const frame = Buffer.alloc(FRAME_BYTES, MULAW_SILENCE)
    let filled = 0
    while (filled < FRAME_BYTES && this.inbound.length > 0) {
      const head = this.inbound[0]
      const take = Math.min(FRAME_BYTES - filled, head.length - this.inboundOffset)
      head.copy(frame, filled, this.inboundOffset, this.inboundOffset + take)
      filled += take
      this.inboundOffset += take
      if (this.inboundOffset >= head.length) {
        this.inbound.shift()
        this.inboundOffset = 0
      }
    }
    return frame
  }

  /** Plays up to 160 queued bytes, then echoes every mark whose preceding audio has played. */
  private playOutbound(): void {
    const played: Buffer[] = []
    let budget = FRAME_BYTES
    while (this.outbound.length > 0) {
      const head = this.outbound[0]
      if (head.kind === 'mark') {
        this.echoMark(head.name)
        this.outbound.shift()
        continue
      }
      if (budget === 0) break
      const take = Math.min(budget, head.bytes.length)
      played.push(head.bytes.subarray(0, take))
      budget -= take
      if (take === head.bytes.length) this.outbound.shift()
      else this.outbound[0] = { kind: 'audio', bytes: head.bytes.subarray(take) }
    }
    if (played.length > 0) this.options.onPlayback(decodeMulaw(Buffer.concat(played)))
  }

  private receive(raw: string): void {
    let message: { event?: string; media?: { payload?: string }; mark?: { name?: string } }
    try {
      message = JSON.parse(raw)
    } catch {
      this.options.log('stream: ignored a message that is not JSON', { raw: raw.slice(0, 200) })
      return
    }
    if (message.event === 'media' && typeof message.media?.payload === 'string') {
      this.stats.mediaReceived++
      this.outbound.push({ kind: 'audio', bytes: Buffer.from(message.media.payload, 'base64') })
    } else if (message.event === 'mark' && typeof message.mark?.name === 'string') {
      this.outbound.push({ kind: 'mark', name: message.mark.name })
    } else if (message.event === 'clear') {
      this.stats.clears++
      const pendingMarks = this.outbound.filter((item): item is Extract<Outbound, { kind: 'mark' }> => item.kind === 'mark')
      this.outbound = []
      for (const mark of pendingMarks) this.echoMark(mark.name)
      this.options.log('stream: clear', { marksEchoed: pendingMarks.length })
    } else {
      this.options.log(`stream: ignored message ${message.event ?? '(no event)'}`, {})
    }
  }

  private echoMark(name: string): void {
    this.stats.marksEchoed++
    this.send({ event: 'mark', sequenceNumber: this.nextSequence(), streamSid: this.streamSid, mark: { name } })
  }

  private nextSequence(): string {
    return String(++this.sequence)
  }

  private send(message: object): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message))
  }
}
