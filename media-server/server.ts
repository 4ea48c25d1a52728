/**
 * The media server: an HTTP server with liveness (`GET /health`) and readiness (`GET /ready`)
 * endpoints, and Twilio Media Streams WebSockets on `/media-stream`, one CallBridge each.
 * `POST /pre-warm` opens a call's Realtime session before its stream comes (pre-warm.ts).
 * Shutting down drains: readiness turns 503 and new streams are refused while live calls run
 * to their end, up to a grace period after which the remaining calls are ended.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { WebSocketServer } from 'ws'
import { CallBridge, type BridgeOptions, type Corkable } from './bridge'
import { holdChime } from './hold-audio'
import type { Logger } from './log'
import { SharedPacer } from './pacer'
import { answerPreWarm, DEFAULT_PRE_WARM_MS, PRE_WARM_PATH, PreWarmer } from './pre-warm'

export const MEDIA_STREAM_PATH = '/media-stream'

export interface MediaServerOptions extends Omit<BridgeOptions, 'holdAudio' | 'log' | 'pacer' | 'preWarmer'> {
  pacer?: BridgeOptions['pacer']
  port: number
  host?: string
  log: Logger
  /** The base URL Twilio dials (MEDIA_SERVER_PUBLIC_URL); upgrade signatures are over it, never the Host header. */
  publicUrl?: string
  /** How long a pre-warmed session waits for its stream (default 10 s; 0 turns pre-warm off). */
  preWarmMs?: number
}

export interface MediaServer {
  readonly port: number
  /** ws://host:port/media-stream */
  readonly streamUrl: string
  /** http://host:port, where the app asks for pre-warms. */
  readonly httpUrl: string
  /** Pre-warmed sessions not yet taken by a stream. */
  preWarmedWaiting(): number
  activeCalls(): number
  readonly draining: boolean
  /** Refuses new streams, waits up to `graceMs` for live calls to end, ends the rest, closes. A later call with 0 cuts the wait short. */
  shutdown(graceMs: number): Promise<void>
}

/** A Media Streams message is at most a few kilobytes; anything far larger is not Twilio. */
const MAX_MESSAGE_BYTES = 64 * 1024

export async function startMediaServer(options: MediaServerOptions): Promise<MediaServer> {
  const { port, host = '127.0.0.1', log, publicUrl, pacer = new SharedPacer(), preWarmMs = DEFAULT_PRE_WARM_MS, ...bridgeOptions } = options
  const preWarmer = new PreWarmer({ ...bridgeOptions, waitMs: preWarmMs, log })
  const holdAudio = holdChime()
  const calls = new Set<CallBridge>()
  let draining = false
  let shutdownPromise: Promise<void> | undefined
  let endGrace: (() => void) | undefined

  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://media-server').pathname
    if (request.method !== 'POST' || path !== PRE_WARM_PATH) return answerHttp(request, response, draining, calls.size)
    if (draining) return void response.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'draining' }))
    answerPreWarm(request, response, preWarmer, options.streamSecret).catch((error: unknown) => {
      log.error('pre-warm request failed', { error })
      if (!response.headersSent) response.writeHead(500).end()
    })
  })
  // Twilio does not compress; refusing the extension outright keeps zlib off the hot path.
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, perMessageDeflate: false })

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(request.url ?? '/', 'http://media-server').pathname
    if (path !== MEDIA_STREAM_PATH) return rejectUpgrade(socket, 404, 'Not Found')
    if (draining) {
      log.warn('stream refused: draining')
      return rejectUpgrade(socket, 503, 'Service Unavailable')
    }
    const signature = request.headers['x-twilio-signature']
    const upgrade = { url: `${publicBase()}${request.url ?? ''}`, signature: typeof signature === 'string' ? signature : undefined }
    wss.handleUpgrade(request, socket, head, (ws) => {
      // An upgraded HTTP socket is a net.Socket, which can cork.
      const call = new CallBridge(ws, { ...bridgeOptions, holdAudio, log, pacer, preWarmer }, upgrade, socket as Duplex & Corkable)
      calls.add(call)
      void call.ended.then(() => calls.delete(call))
    })
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolve())
  })
  const address = server.address() as AddressInfo
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address
  // Without a configured public URL (tests), Twilio is taken to dial the address we listen on.
  const publicBase = () => (publicUrl ?? `ws://${urlHost}:${address.port}`).replace(/\/$/, '')
  log.info('media server listening', { port: address.port, host: address.address })

  async function drain(graceMs: number): Promise<void> {
    draining = true
    preWarmer.closeAll()
    log.info('draining', { activeCalls: calls.size, graceMs })
    let graceTimer: NodeJS.Timeout | undefined
    const graceOver = new Promise<void>((resolve) => {
      endGrace = resolve
      graceTimer = setTimeout(resolve, graceMs)
    })
    await Promise.race([Promise.all([...calls].map((call) => call.ended)), graceOver])
    clearTimeout(graceTimer)
    for (const call of calls) call.end('media server shutting down')
    await Promise.all([...calls].map((call) => call.ended))
    wss.close()
    await new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
    })
    log.info('media server stopped')
  }

  return {
    port: address.port,
    streamUrl: `ws://${urlHost}:${address.port}${MEDIA_STREAM_PATH}`,
    httpUrl: `http://${urlHost}:${address.port}`,
    preWarmedWaiting: () => preWarmer.waiting,
    activeCalls: () => calls.size,
    get draining() {
      return draining
    },
    shutdown(graceMs) {
      // Asked again with no grace (a second SIGTERM): end the live calls now.
      if (shutdownPromise && graceMs === 0) endGrace?.()
      return (shutdownPromise ??= drain(graceMs))
    },
  }
}

function answerHttp(request: IncomingMessage, response: ServerResponse, draining: boolean, activeCalls: number): void {
  const path = new URL(request.url ?? '/', 'http://media-server').pathname
  const json = (status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' })
    response.end(JSON.stringify(body))
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') return json(405, { error: 'method not allowed' })
  // Liveness: the process answers. Readiness: it takes new calls (not while draining).
  if (path === '/health') return json(200, { status: 'ok', activeCalls })
  if (path === '/ready') return draining ? json(503, { status: 'draining', activeCalls }) : json(200, { status: 'ready', activeCalls })
  json(404, { error: 'not found' })
}

function rejectUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
}
