/**
 * A Node stand-in for the Voice SDK's signaling (PStream over wss://…/signal), for gateway tests:
 * it sends what pstream.js sends and lets a test wait for what the gateway answers.
 */
import WebSocket from 'ws'
import { decodeMessage, encodeMessage, HEARTBEAT, type SignalingMessage } from '../messages'

export class SdkTestClient {
  private readonly inbox: (SignalingMessage | typeof HEARTBEAT)[] = []
  private readonly waiters = new Set<() => void>()
  /** Heartbeats received so far. */
  heartbeatsReceived = 0
  /** Echo the gateway's heartbeats, as wstransport.js does. */
  echoHeartbeats = true

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const text = data.toString()
      if (text === HEARTBEAT) {
        this.inbox.push(HEARTBEAT)
        this.heartbeatsReceived++
        if (this.echoHeartbeats) ws.send(HEARTBEAT)
      } else {
        const message = decodeMessage(text)
        if (message) this.inbox.push(message)
      }
      for (const wake of [...this.waiters]) wake()
    })
  }

  static async connect(url: string, caPem: string): Promise<SdkTestClient> {
    const ws = new WebSocket(url, { ca: caPem })
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve())
      ws.once('error', reject)
    })
    return new SdkTestClient(ws)
  }

  send(type: string, payload: Record<string, unknown>): void {
    this.ws.send(encodeMessage(type, payload))
  }

  sendRaw(text: string): void {
    this.ws.send(text)
  }

  /** listen (and register), as Device does on construction and register(). */
  async listen(token: string): Promise<Record<string, unknown>> {
    this.send('listen', { browserinfo: { p: 'browser', plugin: 'rtc', v: 'test' }, reconnectTimeout: 0, token })
    return this.next((m) => m.type === 'connected' || m.type === 'error')
  }

  async register(): Promise<SignalingMessage> {
    this.send('register', { media: { audio: true } })
    return this.nextMessage((m) => m.type === 'ready' || m.type === 'offline' || m.type === 'error')
  }

  /** The next message (removed from the inbox) that matches; its payload with its type. */
  async next(match: (message: SignalingMessage) => boolean): Promise<Record<string, unknown> & { type: string }> {
    const message = await this.nextMessage(match)
    return { ...message.payload, type: message.type }
  }

  nextOfType(type: string, callSid?: string): Promise<Record<string, unknown> & { type: string }> {
    return this.next((m) => m.type === type && (callSid === undefined || m.payload.callsid === callSid))
  }

  async nextHeartbeat(): Promise<void> {
    await this.take((item) => item === HEARTBEAT)
  }

  /** Whether a message of this type has arrived (without waiting). */
  has(type: string): boolean {
    return this.inbox.some((item) => item !== HEARTBEAT && item.type === type)
  }

  close(): void {
    this.ws.close()
  }

  private async nextMessage(match: (message: SignalingMessage) => boolean): Promise<SignalingMessage> {
    return (await this.take((item) => item !== HEARTBEAT && match(item))) as SignalingMessage
  }

  private take(match: (item: SignalingMessage | typeof HEARTBEAT) => boolean, timeoutMs = 10_000): Promise<SignalingMessage | typeof HEARTBEAT> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const index = this.inbox.findIndex(match)
        if (index < 0) return false
        this.waiters.delete(check)
        clearTimeout(timer)
        resolve(this.inbox.splice(index, 1)[0])
        return true
      }
      const timer = setTimeout(() => {
        this.waiters.delete(check)
        reject(new Error(`no matching signaling message within ${timeoutMs} ms; inbox: ${JSON.stringify(this.inbox).slice(0, 500)}`))
      }, timeoutMs)
      if (!check()) this.waiters.add(check)
    })
  }
}
