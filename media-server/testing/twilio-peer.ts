/**
 * Test and bench side of a Media Stream, behaving as Twilio does
 * (https://www.twilio.com/docs/voice/media-streams/websocket-messages): `connected`, `start`
 * with the custom parameters, then one `media` frame of 160 μ-law bytes every 20 ms; audio
 * the server sends is played 160 bytes per 20 ms, a `mark` is echoed once the audio before it
 * has played, and `clear` drops the queued audio and echoes the pending marks.
 */
import { randomBytes } from 'node:crypto'
import twilio from 'twilio'
import WebSocket from 'ws'
import { FRAME_BYTES, FRAME_MS, MULAW_SILENCE } from '../twilio-stream'
import { TEST_AUTH_TOKEN } from './accounts'

export interface TwilioPeerOptions {
  url: string
  callSid: string
  customParameters: Record<string, string>
  /** The caller's audio for frame `index` (default: line silence). */
  callerFrame?: (index: number) => Uint8Array
  /** Send `start` but no media (for tests of the handshake alone). */
  silent?: boolean
  /** The account auth token that signs the upgrade, as Twilio does; null sends no signature. */
  authToken?: string | null
  /** false: audio sent to the call is never played, so no mark is echoed (a stuck Twilio). */
  playsAudio?: boolean
}

/** Epoch milliseconds with sub-millisecond precision, comparable with Date.now() across processes. */
export const epochMs = () => performance.timeOrigin + performance.now()

export interface ReceivedMedia {
  atMs: number
  bytes: Buffer
}

export class TwilioPeer {
  readonly accountSid = `AC${randomBytes(16).toString('hex')}`
  readonly streamSid = `MZ${randomBytes(16).toString('hex')}`
  readonly received: ReceivedMedia[] = []
  /** When each `clear` arrived, and how much audio had been played by then. */
  readonly clears: Array<{ atMs: number; playedBytes: number }> = []
  readonly marksEchoed: string[] = []
  /** When each mark was echoed (epoch ms): when the audio before it had been played. */
  readonly markEchoTimes: number[] = []
  /** Server audio as the caller heard it, in order. */
  readonly played: Buffer[] = []
  playedBytes = 0
  readonly closed: Promise<{ code: number; reason: string }>
  framesSent = 0
  private readonly outbound: Array<{ kind: 'audio'; bytes: Buffer } | { kind: 'mark'; name: string }> = []
  private sequence = 0
  private timer?: NodeJS.Timeout
  private startMs = 0

  private constructor(
    readonly socket: WebSocket,
    private readonly options: TwilioPeerOptions,
    private readonly raw?: { cork(): void; uncork(): void },
  ) {
    this.closed = new Promise((resolve) =>
      socket.once('close', (code, reason) => {
        clearTimeout(this.timer)
        resolve({ code, reason: reason.toString() })
      }),
    )
    socket.on('message', (data) => this.receive(JSON.parse(data.toString())))
  }

  static connect(options: TwilioPeerOptions): Promise<TwilioPeer> {
    return new Promise((resolve, reject) => {
      // An all-zero mask lets ws skip masking: a cheaper load generator, same bytes on our side.
      const authToken = options.authToken === undefined ? TEST_AUTH_TOKEN : options.authToken
      const headers = authToken ? { 'X-Twilio-Signature': twilio.getExpectedTwilioSignature(authToken, options.url, {}) } : {}
      const socket = new WebSocket(options.url, { generateMask: () => {}, headers })
      let raw: { cork(): void; uncork(): void } | undefined
      socket.once('upgrade', (response) => (raw = response.socket))
      socket.once('error', reject)
      socket.once('open', () => {
        const peer = new TwilioPeer(socket, options, raw)
        peer.begin()
        resolve(peer)
      })
    })
  }

  /** Twilio ends the stream: `stop`, then close. */
  stop(): void {
    clearTimeout(this.timer)
    this.send({ event: 'stop', sequenceNumber: this.nextSequence(), streamSid: this.streamSid, stop: { accountSid: this.accountSid, callSid: this.options.callSid } })
    this.socket.close(1000)
  }

  /** The network goes away: no `stop`, no close frame. */
  drop(): void {
    clearTimeout(this.timer)
    this.socket.terminate()
  }

  /** Twilio's side stops while its socket stays open: no more frames, no playback, no mark echoes. */
  freeze(): void {
    clearTimeout(this.timer)
  }

  /** The caller presses a key (Twilio's `dtmf` message). */
  pressDigit(digit: string): void {
    this.send({ event: 'dtmf', streamSid: this.streamSid, sequenceNumber: this.nextSequence(), dtmf: { track: 'inbound_track', digit } })
  }

  private begin(): void {
    this.send({ event: 'connected', protocol: 'Call', version: '1.0.0' })
    this.send({
      event: 'start',
      sequenceNumber: this.nextSequence(),
      streamSid: this.streamSid,
      start: {
        accountSid: this.accountSid,
        streamSid: this.streamSid,
        callSid: this.options.callSid,
        tracks: ['inbound'],
        mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
        customParameters: this.options.customParameters,
      },
    })
    this.startMs = performance.now()
    this.schedule(0)
  }

  /** Tick k runs at start + k·20 ms: drift-free, like Twilio's own media clock. */
  private schedule(index: number): void {
    this.timer = setTimeout(() => {
      if (this.socket.readyState !== WebSocket.OPEN) return
      // The frame and the marks echoed this tick leave in one write, as a media server's would.
      this.raw?.cork()
      if (!this.options.silent) this.sendFrame(index)
      if (this.options.playsAudio !== false) this.play()
      this.raw?.uncork()
      this.schedule(index + 1)
    }, Math.max(0, this.startMs + (index + 1) * FRAME_MS - performance.now()))
  }

  private sendFrame(index: number): void {
    const frame = this.options.callerFrame?.(index) ?? Buffer.alloc(FRAME_BYTES, MULAW_SILENCE)
    this.framesSent++
    this.send({
      event: 'media',
      sequenceNumber: this.nextSequence(),
      streamSid: this.streamSid,
      media: { track: 'inbound', chunk: String(index + 1), timestamp: String(index * FRAME_MS), payload: Buffer.from(frame).toString('base64') },
    })
  }

  private play(): void {
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
      this.played.push(head.bytes.subarray(0, take))
      this.playedBytes += take
      budget -= take
      if (take === head.bytes.length) this.outbound.shift()
      else this.outbound[0] = { kind: 'audio', bytes: head.bytes.subarray(take) }
    }
  }

  private receive(message: { event: string; media?: { payload: string }; mark?: { name: string } }): void {
    if (message.event === 'media' && message.media) {
      const bytes = Buffer.from(message.media.payload, 'base64')
      this.received.push({ atMs: epochMs(), bytes })
      this.outbound.push({ kind: 'audio', bytes })
    } else if (message.event === 'mark' && message.mark) {
      this.outbound.push({ kind: 'mark', name: message.mark.name })
    } else if (message.event === 'clear') {
      this.clears.push({ atMs: epochMs(), playedBytes: this.playedBytes })
      const pending = this.outbound.filter((entry) => entry.kind === 'mark')
      this.outbound.length = 0
      for (const mark of pending) this.echoMark(mark.name)
    }
  }

  private echoMark(name: string): void {
    this.marksEchoed.push(name)
    this.markEchoTimes.push(epochMs())
    this.send({ event: 'mark', sequenceNumber: this.nextSequence(), streamSid: this.streamSid, mark: { name } })
  }

  private nextSequence(): string {
    return String(++this.sequence)
  }

  private send(message: object): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message))
  }
}
