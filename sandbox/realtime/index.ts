/**
 * Local stand-in for the OpenAI Realtime API (GA protocol, WebSocket transport). It serves
 * `wss://HOST:PORT/v1/realtime?model=…` — the URL openai's `OpenAIRealtimeWS` builds from
 * `baseURL` (`${baseURL}/realtime`, protocol forced to `wss`, `model` as a query param) —
 * and requires `Authorization: Bearer <key>`, as the client sends it. Over plain HTTPS it answers
 * `POST /v1/chat/completions` (chat-completions.ts), for post-call summaries.
 */
import type { IncomingMessage } from 'node:http'
import { createServer } from 'node:https'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import { demoBehavior, type Behavior } from './behavior'
import { handleChatCompletion } from './chat-completions'
import { RealtimeSession } from './session'
import type { SessionLog } from './session-log'
import type { SpeechSource } from './speech'
import { loadTlsIdentity, localTlsDir } from '../tls'

export type { Behavior, ResponseContext, ResponseRequest, SessionContext, UserTurn } from './behavior'
export { demoBehavior } from './behavior'
export type { LoggedEvent, SessionLog } from './session-log'
export { clipNames, loadClip } from './speech'

/** The stand-in's certificate cache (the media server trusts `.local/realtime-tls/cert.pem`). */
export const REALTIME_TLS_DIR = localTlsDir('realtime-tls')

export interface RealtimeStandInOptions {
  /** 0 picks a free port. */
  port?: number
  host?: string
  /** The one accepted key; when unset any non-empty bearer key is accepted. */
  apiKey?: string
  behavior?: Behavior
  /** Where the self-signed certificate is cached (default `.local/realtime-tls/`). */
  tlsDir?: string
  /** Audio is produced this many times faster than real time (default 4). */
  speedup?: number
  /** Audio per `response.output_audio.delta` (default 100 ms). */
  chunkMs?: number
  /** `builtin` never runs espeak-ng (default `auto`; see speech.ts). */
  speechSource?: SpeechSource
  /** A session's maximum duration (default OpenAI's 60 minutes; tests shorten it). */
  sessionLifetimeMs?: number
}

export interface RealtimeStandIn {
  /** What to pass as the openai client's `baseURL`, e.g. `https://127.0.0.1:8092/v1`. */
  baseURL: string
  /** The certificate to trust (PEM), e.g. as `options.ca` of `OpenAIRealtimeWS`. */
  caPem: string
  port: number
  sessions(): SessionLog[]
  setBehavior(behavior: Behavior): void
  /** Abruptly terminates every connection (no close frame), as a network failure would. */
  dropAll(): void
  close(): Promise<void>
}

export async function startRealtimeStandIn(options: RealtimeStandInOptions = {}): Promise<RealtimeStandIn> {
  const host = options.host ?? '127.0.0.1'
  const tls = await loadTlsIdentity(options.tlsDir ?? REALTIME_TLS_DIR)
  let behavior = options.behavior ?? demoBehavior
  const logs: SessionLog[] = []
  const sockets = new Set<WebSocket>()

  // Plain HTTPS requests: Chat Completions (chat-completions.ts), authenticated as the API does.
  const server = createServer({ key: tls.key, cert: tls.cert }, async (request, response) => {
    const rejection = checkBearer(request, options.apiKey)
    if (rejection) {
      response.writeHead(rejection.status, { 'content-type': 'application/json' })
      return response.end(JSON.stringify(rejection.body))
    }
    if (await handleChatCompletion(request, response)) return
    response.writeHead(404, { 'content-type': 'application/json' })
    response.end(JSON.stringify(apiError(`Invalid URL (${request.method} ${request.url})`, 'invalid_request_error', null)))
  })
  const wss = new WebSocketServer({ noServer: true })

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const rejection = checkUpgrade(request, options.apiKey)
    if (rejection) return reject(socket, rejection)
    const model = new URL(request.url ?? '/', 'https://stand-in').searchParams.get('model') ?? ''
    wss.handleUpgrade(request, socket, head, (ws) => {
      sockets.add(ws)
      ws.on('close', () => sockets.delete(ws))
      const log: SessionLog = { sessionId: '', model, headers: loggedHeaders(request), openedAt: new Date(), events: [] }
      logs.push(log)
      const session = new RealtimeSession(ws, {
        model,
        behavior: () => behavior,
        speedup: options.speedup ?? 4,
        chunkMs: options.chunkMs ?? 100,
        speechSource: options.speechSource ?? 'auto',
        lifetimeMs: options.sessionLifetimeMs,
        log,
      })
      session.open()
    })
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => resolve())
  })
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  const urlHost = host.includes(':') ? `[${host}]` : host

  return {
    baseURL: `https://${urlHost}:${port}/v1`,
    caPem: tls.cert,
    port,
    sessions: () => logs,
    setBehavior: (next) => {
      behavior = next
    },
    dropAll: () => {
      for (const ws of sockets) ws.terminate()
    },
    close: async () => {
      for (const ws of sockets) ws.terminate()
      wss.close()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

interface Rejection {
  status: number
  body: unknown
}

function checkUpgrade(request: IncomingMessage, apiKey: string | undefined): Rejection | undefined {
  const url = new URL(request.url ?? '/', 'https://stand-in')
  if (url.pathname !== '/v1/realtime') {
    return { status: 404, body: apiError(`Invalid URL (GET ${url.pathname})`, 'invalid_request_error', null) }
  }
  const unauthorized = checkBearer(request, apiKey)
  if (unauthorized) return unauthorized
  if (!url.searchParams.get('model') && !url.searchParams.get('call_id')) {
    return { status: 400, body: apiError("Missing required parameter: 'model'.", 'invalid_request_error', 'missing_required_parameter') }
  }
  return undefined
}

function checkBearer(request: IncomingMessage, apiKey: string | undefined): Rejection | undefined {
  const key = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1]
  if (!key) {
    return {
      status: 401,
      body: apiError(
        "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
        'invalid_request_error',
        null,
      ),
    }
  }
  if (apiKey !== undefined && key !== apiKey) {
    return { status: 401, body: apiError(`Incorrect API key provided: ${redactKey(key)}.`, 'invalid_request_error', 'invalid_api_key') }
  }
  return undefined
}

function apiError(message: string, type: string, code: string | null) {
  return { error: { message, type, param: null, code } }
}

/** OpenAI echoes only the ends of a wrong key. */
function redactKey(key: string): string {
  return key.length <= 8 ? '*'.repeat(key.length) : `${key.slice(0, 3)}${'*'.repeat(key.length - 7)}${key.slice(-4)}`
}

function reject(socket: Duplex, { status, body }: Rejection): void {
  const payload = JSON.stringify(body)
  const reason = status === 401 ? 'Unauthorized' : status === 404 ? 'Not Found' : 'Bad Request'
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(payload)}\r\nConnection: close\r\n\r\n${payload}`,
  )
}

function loggedHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(request.headers)) {
    if (typeof value === 'string') headers[name] = name === 'authorization' ? 'Bearer [redacted]' : value
  }
  return headers
}
