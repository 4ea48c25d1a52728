/**
 * Pre-warm: while /api/voice/incoming answers a call for the AI, the app asks us (a request signed
 * with the `pre-warm` key, lib/telephony/pre-warm.ts) to open and configure that call's Realtime
 * session, so that the connection and the `session.update` round trip are done by the time Twilio
 * connects the stream, and the greeting starts at once. The session waits, parked under its call
 * and stream token, for the stream's `start` to adopt it (bridge.ts); one that no stream adopts
 * within the bound is closed. A call gets at most one: the request carries the stream token, whose
 * signature and call are checked as the stream's are, and a second request for a call already
 * warmed is a no-op until the token expires.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { mediaKey } from '../lib/telephony/media-keys'
import { verifySignedRequest } from '../lib/telephony/signed-request'
import { verifyStreamToken, type StreamSession } from '../lib/telephony/stream-token'
import { createAudioPath, type AudioPath } from './audio-path'
import type { Logger } from './log'
import { callPersona, type CallContext, type ReceptionistApp } from './receptionist-app'
import type { CallPersona, RealtimeConnector, RealtimeEvents, RealtimeSession } from './realtime-session'

export const PRE_WARM_PATH = '/pre-warm'
export const DEFAULT_PRE_WARM_MS = 10_000

/** A session opened before its stream, handed over by `attach`. */
export interface ParkedSession {
  context: CallContext | null
  persona: StreamSession & CallPersona
  audio: AudioPath
  /** From now on the session's events go to `events`; a `ready` that came while parked is replayed. */
  attach(events: RealtimeEvents): RealtimeSession
  /** The stream went away before it could take the session. */
  close(): void
}

export interface PreWarmOptions {
  streamSecret: string
  connectRealtime: RealtimeConnector
  receptionist?: ReceptionistApp
  /** How long a parked session waits for its stream (0: pre-warm is off). */
  waitMs: number
  log: Logger
  nowMs?: () => number
}

export type PreWarmAnswer = { status: 'warming' | 'already' } | { status: 'refused'; reason: string }

interface Warming {
  jti: string
  /** The session once opened; null when it closed (or was closed) before a stream took it. */
  parked: Promise<Parking | null>
  /** A stream took it, or nobody did within the bound (its session was then closed). */
  state: 'waiting' | 'adopted' | 'expired'
  parkTimer: NodeJS.Timeout
  forgetTimer?: NodeJS.Timeout
}

interface Parking extends ParkedSession {
  session: RealtimeSession
  /** Set when the session closed while parked. */
  readonly lost?: string
}

/** The events a session may send while nobody listens; all but `ready` and `closed` can wait for nothing before the greeting is asked for. */
const RELAYED = ['responseStarted', 'responseDone', 'audio', 'speechStarted', 'speechStopped', 'itemAdded', 'transcript', 'usage', 'functionCall', 'apiError'] as const

export class PreWarmer {
  private readonly calls = new Map<string, Warming>()
  private readonly now: () => number

  constructor(private readonly options: PreWarmOptions) {
    this.now = options.nowMs ?? Date.now
  }

  get enabled(): boolean {
    return this.options.waitMs > 0
  }

  /** Sessions opened (or opening) and not yet adopted. */
  get waiting(): number {
    return [...this.calls.values()].filter((warming) => warming.state === 'waiting').length
  }

  prepare(token: string): PreWarmAnswer {
    this.options.log.protect(token)
    const verified = verifyStreamToken(token, this.options.streamSecret, this.now())
    if (!verified.ok) return { status: 'refused', reason: `stream token ${verified.reason}` }
    const { session, claim } = verified
    if (this.calls.has(session.callSid)) return { status: 'already' }
    const warming: Warming = {
      jti: claim.jti,
      parked: Promise.resolve(null),
      state: 'waiting',
      parkTimer: setTimeout(() => this.expire(session.callSid, warming), this.options.waitMs),
    }
    warming.parkTimer.unref()
    this.calls.set(session.callSid, warming)
    warming.parked = this.open(session, warming)
    // Remembered until the token expires, so the same call is never warmed twice.
    warming.forgetTimer = setTimeout(() => this.calls.get(session.callSid) === warming && this.calls.delete(session.callSid), Math.max(this.options.waitMs, claim.expiresAt - this.now()))
    warming.forgetTimer.unref()
    this.options.log.info('pre-warming a realtime session', { callSid: session.callSid })
    return { status: 'warming' }
  }

  /** The parked session of this call and stream token, if one is waiting (it may still be opening). */
  async adopt(callSid: string, jti: string): Promise<ParkedSession | null> {
    const warming = this.calls.get(callSid)
    if (!warming || warming.jti !== jti || warming.state !== 'waiting') return null
    warming.state = 'adopted'
    clearTimeout(warming.parkTimer)
    const parked = await warming.parked
    if (!parked || parked.lost) return null
    return parked
  }

  /** Shutdown: every session still parked is closed. */
  closeAll(): void {
    for (const [callSid, warming] of this.calls) {
      clearTimeout(warming.forgetTimer)
      this.expire(callSid, warming)
      this.calls.delete(callSid)
    }
  }

  private expire(callSid: string, warming: Warming): void {
    clearTimeout(warming.parkTimer)
    if (warming.state !== 'waiting') return
    warming.state = 'expired'
    void warming.parked.then((parked) => {
      if (!parked) return
      parked.session.close()
      this.options.log.info('closed a pre-warmed session no stream took', { callSid, waitedMs: this.options.waitMs })
    })
  }

  private async open(stream: StreamSession, warming: Warming): Promise<Parking | null> {
    const context = (await this.options.receptionist?.context(stream.callSid)) ?? null
    // The bound passed (or the server shut down) while the app answered.
    if (warming.state === 'expired') return null
    const persona = callPersona(stream, context)
    const audio = createAudioPath(stream.audioFormat)
    let target: RealtimeEvents | undefined
    let readyWhileParked = false
    let lost: string | undefined
    const relay = Object.fromEntries(RELAYED.map((name) => [name, (...args: unknown[]) => (target?.[name] as ((...a: unknown[]) => void) | undefined)?.(...args)])) as unknown as RealtimeEvents
    relay.ready = () => (target ? target.ready() : (readyWhileParked = true))
    relay.closed = (reason) => {
      if (target) return target.closed(reason)
      lost = reason
      this.options.log.warn('a pre-warmed session closed before its stream came', { callSid: stream.callSid, reason })
    }
    const session = this.options.connectRealtime(persona, audio, relay)
    return {
      context,
      persona,
      audio,
      session,
      get lost() {
        return lost
      },
      attach: (events) => {
        target = events
        // Replayed once the bridge holds the session, as a ready from the socket would come.
        if (readyWhileParked) queueMicrotask(() => events.ready())
        return session
      },
      close: () => session.close(),
    }
  }
}

/** Bodies are `{"token": "…"}`: a stream token is well under this. */
const MAX_BODY_BYTES = 8 * 1024

/** POST /pre-warm: signed by the app with the pre-warm key; 202 warming, 200 already, 400 refused, 401 unsigned. */
export async function answerPreWarm(request: IncomingMessage, response: ServerResponse, preWarmer: PreWarmer, streamSecret: string): Promise<void> {
  const json = (status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' })
    response.end(JSON.stringify(body))
  }
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY_BYTES) return json(413, { error: 'body too large' })
    chunks.push(chunk as Buffer)
  }
  const body = Buffer.concat(chunks).toString('utf8')
  const headers = new Headers(Object.entries(request.headers).flatMap(([name, value]) => (typeof value === 'string' ? [[name, value] as [string, string]] : [])))
  const verdict = verifySignedRequest(mediaKey(streamSecret, 'pre-warm'), headers, { method: 'POST', path: request.url ?? '', body })
  if (!verdict.ok) return json(401, { error: `not a signed pre-warm request (${verdict.reason})` })
  if (!preWarmer.enabled) return json(404, { error: 'pre-warm is off' })
  let token: unknown
  try {
    token = (JSON.parse(body) as { token?: unknown }).token
  } catch {
    token = undefined
  }
  if (typeof token !== 'string') return json(400, { error: 'expected {"token": "…"}' })
  const answer = preWarmer.prepare(token)
  if (answer.status === 'refused') return json(400, { error: answer.reason })
  json(answer.status === 'warming' ? 202 : 200, answer)
}
