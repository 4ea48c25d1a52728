/**
 * The simulated Twilio side of the capacity bench (bench/capacity.ts): many Media Streams on
 * one shared 20 ms clock, so the generator stays light enough to load a whole core of bridge.
 * As Twilio does (https://www.twilio.com/docs/voice/media-streams/websocket-messages): a
 * `media` frame of 160 μ-law bytes every 20 ms per call; received audio played 160 bytes per
 * 20 ms; a `mark` echoed once the audio before it has played; `clear` drops what is buffered
 * and echoes the pending marks.
 *
 * A dry tick is a 20 ms playback slot with less than a frame buffered while the model had
 * already produced more of the answer than had reached Twilio: a gap the caller hears. The
 * Realtime stand-in keeps each call's ledger of what it produced (`AudioLedger`).
 */
import { randomBytes } from 'node:crypto'
import twilio from 'twilio'
import WebSocket from 'ws'

const FRAME_MS = 20
const FRAME_BYTES = 160
const STAMP_BYTES = 12
/** The caller's line after the stamp: μ-law silence, base64 once for all frames. */
const FRAME_REST_BASE64 = Buffer.alloc(FRAME_BYTES - STAMP_BYTES, 0xff).toString('base64')

/** What the Realtime stand-in produced of a call's current answer. */
export interface AudioLedger {
  /** Bumped at each new answer. */
  sequence: number
  /** Bytes of the current answer produced so far. */
  generated: number
  /** False once the caller barged in: the rest was never meant to be heard. */
  live: boolean
}

/**
 * Stamp: the send time (µs, mod 2^32) then the call's index, a nibble per byte as quiet μ-law
 * codes (0xF0 | nibble). Twelve bytes are sixteen base64 characters, so the stamp is a prefix
 * of the payload's base64 and can be read without decoding the rest.
 */
function callerStamp(callIndex: number): string {
  const bytes = Buffer.allocUnsafe(STAMP_BYTES)
  const stampUs = Math.floor(performance.now() * 1000) % 2 ** 32
  for (let nibble = 0; nibble < 8; nibble++) bytes[nibble] = 0xf0 | ((stampUs >>> (4 * nibble)) & 0x0f)
  for (let nibble = 0; nibble < 4; nibble++) bytes[8 + nibble] = 0xf0 | ((callIndex >>> (4 * nibble)) & 0x0f)
  return bytes.toString('base64')
}

export function readCallerStamp(text: string, offset: number): { ageMs: number; callIndex: number } {
  const bytes = Buffer.from(text.slice(offset, offset + 16), 'base64')
  let stampUs = 0
  for (let nibble = 0; nibble < 8; nibble++) stampUs |= (bytes[nibble]! & 0x0f) << (4 * nibble)
  let callIndex = 0
  for (let nibble = 0; nibble < 4; nibble++) callIndex |= (bytes[8 + nibble]! & 0x0f) << (4 * nibble)
  const nowUs = Math.floor(performance.now() * 1000) % 2 ** 32
  return { ageMs: ((((nowUs - (stampUs >>> 0)) % 2 ** 32) + 2 ** 32) % 2 ** 32) / 1000, callIndex }
}

interface SimulatedCall {
  index: number
  socket: WebSocket
  raw?: { cork(): void; uncork(): void }
  streamSid: string
  callSid: string
  sequence: number
  frames: number
  /** Audio bytes (numbers) and mark names (strings) in the order they arrived. */
  queue: Array<number | string>
  buffered: number
  arrived: number
  answerSeen: number
  closed: Promise<void>
}

export class TwilioCrowd {
  measuring = false
  dryTicks = 0
  /** Ticks of the whole crowd that ran more than a frame late (the generator stalled). */
  lateTicks = 0
  /** The most audio any call had buffered, unplayed, at Twilio: what a barge-in's `clear` throws away. */
  maxBufferedBytes = 0
  framesSent = 0
  /** Media messages received from the bridge (while measuring), and their audio bytes. */
  mediaReceived = 0
  marksReceived = 0
  private readonly calls = new Set<SimulatedCall>()
  private timer?: NodeJS.Timeout
  private startMs = 0
  private tickIndex = 0

  /** `ledgers` is shared with the Realtime stand-in, which writes them; `authToken` signs the upgrades, as Twilio's account token does. */
  constructor(
    private readonly url: string,
    readonly ledgers: Map<number, AudioLedger>,
    private readonly authToken: string,
  ) {}

  get size(): number {
    return this.calls.size
  }

  async connect(index: number, callSid: string, customParameters: Record<string, string>): Promise<void> {
    this.ledgers.set(index, { sequence: 0, generated: 0, live: false })
    const headers = { 'X-Twilio-Signature': twilio.getExpectedTwilioSignature(this.authToken, this.url, {}) }
    const socket = new WebSocket(this.url, { perMessageDeflate: false, skipUTF8Validation: true, generateMask: () => {}, headers })
    let raw: SimulatedCall['raw']
    socket.once('upgrade', (response) => (raw = response.socket))
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve())
      socket.once('error', reject)
    })
    const call: SimulatedCall = {
      index,
      socket,
      raw,
      streamSid: `MZ${randomBytes(16).toString('hex')}`,
      callSid,
      sequence: 0,
      frames: 0,
      queue: [],
      buffered: 0,
      arrived: 0,
      answerSeen: 0,
      closed: new Promise((resolve) => socket.once('close', () => resolve())),
    }
    socket.on('message', (data) => this.receive(call, JSON.parse(data.toString())))
    socket.on('error', () => {})
    this.calls.add(call)
    const accountSid = `AC${randomBytes(16).toString('hex')}`
    socket.send(JSON.stringify({ event: 'connected', protocol: 'Call', version: '1.0.0' }))
    socket.send(
      JSON.stringify({
        event: 'start',
        sequenceNumber: String(++call.sequence),
        streamSid: call.streamSid,
        start: { accountSid, streamSid: call.streamSid, callSid, tracks: ['inbound'], mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 }, customParameters },
      }),
    )
    if (!this.timer) {
      this.startMs = performance.now()
      this.tickIndex = 0
      this.schedule()
    }
  }

  /** Every call hangs up (`stop`, then close); resolves when all sockets are closed. */
  async hangUpAll(): Promise<void> {
    clearTimeout(this.timer)
    this.timer = undefined
    const closing = [...this.calls].map((call) => {
      if (call.socket.readyState === WebSocket.OPEN) {
        call.socket.send(JSON.stringify({ event: 'stop', sequenceNumber: String(++call.sequence), streamSid: call.streamSid, stop: { accountSid: '', callSid: call.callSid } }))
        call.socket.close(1000)
      }
      return call.closed
    })
    // A server too loaded to answer the close handshake is cut off rather than waited for.
    const cutOff = setTimeout(() => {
      for (const call of this.calls) call.socket.terminate()
    }, 5000)
    await Promise.all(closing)
    clearTimeout(cutOff)
    this.calls.clear()
    this.ledgers.clear()
  }

  resetCounters(): void {
    this.dryTicks = 0
    this.lateTicks = 0
    this.maxBufferedBytes = 0
    this.framesSent = 0
    this.mediaReceived = 0
    this.marksReceived = 0
  }

  /** Tick k at start + k·20 ms for all calls: drift-free, like Twilio's media clock. */
  private schedule(): void {
    const dueMs = this.startMs + (this.tickIndex + 1) * FRAME_MS
    this.timer = setTimeout(() => {
      this.tickIndex++
      // A tick more than a frame late means this process was stalled (descheduled): the audio
      // waiting in its sockets is read only after its timers, so a catch-up tick would find a
      // buffer short that Twilio, running in real time, would have had. Not counted as dry.
      const onTime = performance.now() - dueMs < FRAME_MS
      if (!onTime && this.measuring) this.lateTicks++
      for (const call of this.calls) if (call.socket.readyState === WebSocket.OPEN) this.tick(call, onTime)
      this.schedule()
    }, Math.max(0, dueMs - performance.now()))
  }

  private tick(call: SimulatedCall, onTime: boolean): void {
    // The frame and the marks echoed this tick leave in one write.
    call.raw?.cork()
    const chunk = ++call.frames
    call.socket.send(
      `{"event":"media","sequenceNumber":"${++call.sequence}","streamSid":"${call.streamSid}","media":{"track":"inbound","chunk":"${chunk}","timestamp":"${(chunk - 1) * FRAME_MS}","payload":"${callerStamp(call.index)}${FRAME_REST_BASE64}"}}`,
    )
    if (this.measuring) this.framesSent++
    const ledger = this.ledgers.get(call.index)!
    if (this.measuring && onTime && ledger.live && call.answerSeen === ledger.sequence && call.arrived > 0 && call.buffered < FRAME_BYTES && call.arrived < ledger.generated) {
      this.dryTicks++
    }
    this.play(call)
    call.raw?.uncork()
  }

  private play(call: SimulatedCall): void {
    let budget = FRAME_BYTES
    while (call.queue.length > 0) {
      const head = call.queue[0]!
      if (typeof head === 'string') {
        this.echoMark(call, head)
        call.queue.shift()
        continue
      }
      if (budget === 0) break
      const take = Math.min(budget, head)
      budget -= take
      call.buffered -= take
      if (take === head) call.queue.shift()
      else call.queue[0] = head - take
    }
  }

  private receive(call: SimulatedCall, message: { event: string; media?: { payload: string }; mark?: { name: string } }): void {
    if (message.event === 'media' && message.media) {
      const payload = message.media.payload
      const bytes = (payload.length * 3) / 4 - (payload.endsWith('==') ? 2 : payload.endsWith('=') ? 1 : 0)
      const ledger = this.ledgers.get(call.index)!
      if (call.answerSeen !== ledger.sequence) {
        call.answerSeen = ledger.sequence
        call.arrived = 0
      }
      call.arrived += bytes
      call.buffered += bytes
      call.queue.push(bytes)
      if (this.measuring) {
        this.mediaReceived++
        this.maxBufferedBytes = Math.max(this.maxBufferedBytes, call.buffered)
      }
    } else if (message.event === 'mark' && message.mark) {
      call.queue.push(message.mark.name)
      if (this.measuring) this.marksReceived++
    } else if (message.event === 'clear') {
      const pending = call.queue.filter((entry): entry is string => typeof entry === 'string')
      call.queue.length = 0
      call.buffered = 0
      for (const name of pending) this.echoMark(call, name)
    }
  }

  private echoMark(call: SimulatedCall, name: string): void {
    call.socket.send(`{"event":"mark","sequenceNumber":"${++call.sequence}","streamSid":"${call.streamSid}","mark":{"name":${JSON.stringify(name)}}}`)
  }
}
