/**
 * The simulated-parties control API (JSON under /sandbox/api) and the page at /sandbox.
 *
 *   GET  /sandbox                                  the control page
 *   GET  /sandbox/api/numbers                      numbers bought in the sandbox (all accounts)
 *   GET  /sandbox/api/calls                        calls, newest first
 *   POST /sandbox/api/calls {from, to}             an outside caller rings a sandbox number
 *   GET  /sandbox/api/calls/{CA}                   one call
 *   POST /sandbox/api/calls/{CA}/audio             the party says {wav: base64} | {tone: {hz, ms}} | {say: text} | {clip: name}
 *                                                  (with whenQuietMs: once the other side has spoken, then been quiet that long)
 *   GET  /sandbox/api/calls/{CA}/heard?ms=&hz=     what the party heard lately: level, dominant frequency, levels at hz
 *   POST /sandbox/api/calls/{CA}/dtmf {digits}     the party presses keys
 *   POST /sandbox/api/calls/{CA}/hangup            the party hangs up
 *   GET  /sandbox/api/calls/{CA}/events?since=seq  the call's event log
 *   GET  /sandbox/api/outside-numbers              configured outside numbers
 *   PUT  /sandbox/api/outside-numbers/{e164} {behavior, ringSeconds?, greeting?}
 *   GET  /sandbox/mail, /sandbox/api/mail …        caught mail (../../mail/http.ts)
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { z } from 'zod'
import type { CallEngine } from '../engine'
import type { SandboxStore } from '../store'
import { dominantFrequency, rmsLevel, toneLevel } from '../audio/analysis'
import { isControlAllowed } from './auth'
import { callerAudioSchema, renderCallerAudio } from './caller-audio'
import { CONTROL_PAGE_HTML } from './page'
import { speakWhenQuiet } from './turn-taking'
import type { Mailbox } from '../../mail/mailbox'
import { handleMailRoutes } from '../../mail/http'

export interface ControlDependencies {
  engine: CallEngine
  store: SandboxStore
  /** The parent account, whose credentials admit non-loopback clients. */
  accountSid: string
  /** The mail catcher's messages, when one runs beside this sandbox. */
  mailbox?: Mailbox
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

const placeCallSchema = z.object({ from: z.string().regex(/^\+[1-9]\d{6,14}$/, 'from must be an E.164 number'), to: z.string().min(2) })
// With whenQuietMs the party waits for its turn: speech heard, then that much quiet (turn-taking.ts).
const turnTakingSchema = z.object({ whenQuietMs: z.number().int().min(100).max(10_000).optional() })
const heardSchema = z.object({ ms: z.coerce.number().int().min(20).max(10_000).default(500), hz: z.array(z.coerce.number().positive().max(4000)).max(16) })
const dtmfSchema = z.object({ digits: z.string().regex(/^[0-9*#A-D]+$/, 'digits may contain 0-9 * # A-D') })
const outsideNumberSchema = z.object({
  behavior: z.enum(['answer', 'ring-out', 'busy', 'fail']),
  ringSeconds: z.number().min(0).max(600).optional(),
  greeting: z.string().max(2000).optional(),
})

export function createControlHandler(deps: ControlDependencies): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://sandbox')
    if (url.pathname !== '/sandbox' && !url.pathname.startsWith('/sandbox/')) return false
    const parent = deps.store.accounts.get(deps.accountSid)
    if (!parent || !isControlAllowed(req, parent)) {
      res.writeHead(401, { 'Content-Type': 'application/json', 'WWW-Authenticate': 'Basic realm="Twilio sandbox"' })
      res.end(JSON.stringify({ error: 'control API: loopback clients only, or Basic auth with the parent account' }))
      return true
    }
    try {
      if (url.pathname === '/sandbox' || url.pathname === '/sandbox/') {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
        res.end(CONTROL_PAGE_HTML)
        return true
      }
      if (deps.mailbox && handleMailRoutes(req, res, url, deps.mailbox)) return true
      const result = await route(deps, req, url)
      if (result === undefined) throw new HttpError(404, `no control route ${req.method} ${url.pathname}`)
      json(res, result.status ?? 200, result.body)
    } catch (error) {
      const status = error instanceof HttpError ? error.status : error instanceof z.ZodError ? 400 : ((error as { status?: number }).status ?? 500)
      json(res, status, { error: error instanceof z.ZodError ? error.issues.map((i) => i.message).join('; ') : (error as Error).message })
    }
    return true
  }
}

async function route(deps: ControlDependencies, req: IncomingMessage, url: URL): Promise<{ status?: number; body: unknown } | undefined> {
  const { engine, store } = deps
  const path = url.pathname.replace(/^\/sandbox\/api/, '')
  const method = req.method ?? 'GET'
  if (method === 'GET' && path === '/numbers') {
    return { body: [...store.numbers.values()].map((n) => ({ sid: n.sid, accountSid: n.accountSid, phoneNumber: n.phoneNumber, friendlyName: n.friendlyName, voiceUrl: n.voiceUrl, voiceApplicationSid: n.voiceApplicationSid })) }
  }
  if (method === 'GET' && path === '/calls') {
    return { body: [...store.calls.values()].sort((a, b) => b.dateCreated.getTime() - a.dateCreated.getTime()).slice(0, 100) }
  }
  if (method === 'POST' && path === '/calls') {
    const { from, to } = placeCallSchema.parse(await readJson(req))
    if (!store.numberByPhoneNumber(to)) throw new HttpError(404, `${to} is not a number bought in the sandbox`)
    return { status: 201, body: engine.placeInboundCall({ from, to }) }
  }
  if (method === 'GET' && path === '/outside-numbers') return { body: engine.outsideNumbers.list() }
  const outside = path.match(/^\/outside-numbers\/([^/]+)$/)
  if (method === 'PUT' && outside) {
    const phoneNumber = decodeURIComponent(outside[1])
    return { body: { phoneNumber, config: engine.outsideNumbers.set(phoneNumber, outsideNumberSchema.parse(await readJson(req))) } }
  }
  const callRoute = path.match(/^\/calls\/(CA[0-9a-f]{32})(\/[a-z]+)?$/)
  if (!callRoute) return undefined
  const [, callSid, action = ''] = callRoute
  const call = store.calls.get(callSid)
  if (!call) throw new HttpError(404, `no call ${callSid}`)
  if (method === 'GET' && action === '') return { body: call }
  if (method === 'GET' && action === '/events') return { body: engine.events(callSid, Number(url.searchParams.get('since') ?? 0)) }
  const phone = engine.phone(callSid)
  if (!phone) throw new HttpError(409, `call ${callSid} has no simulated party`)
  if (method === 'GET' && action === '/heard') {
    const { ms, hz } = heardSchema.parse({ ms: url.searchParams.get('ms') ?? undefined, hz: url.searchParams.getAll('hz') })
    const now = engine.clock.now()
    const samples = phone.heard.window(now - ms, now)
    return { body: { fromMs: now - ms, toMs: now, level: rmsLevel(samples), dominant: dominantFrequency(samples), tones: Object.fromEntries(hz.map((f) => [f, toneLevel(samples, f)])) } }
  }
  if (method === 'POST' && action === '/audio') {
    const body = await readJson(req)
    const audio = await renderCallerAudio(callerAudioSchema.parse(body))
    const { whenQuietMs } = turnTakingSchema.parse(body)
    if (whenQuietMs !== undefined) {
      speakWhenQuiet(phone, engine.clock, audio, whenQuietMs)
      return { status: 202, body: { scheduled: true, whenQuietMs, durationMs: Math.round((audio.samples.length / 8000) * 1000), engine: audio.engine } }
    }
    const spoken = phone.speak(audio.samples, audio.text)
    return { body: { ...spoken, durationMs: spoken.endMs - spoken.startMs, engine: audio.engine } }
  }
  if (method === 'POST' && action === '/dtmf') {
    phone.pressDigits(dtmfSchema.parse(await readJson(req)).digits)
    return { body: { ok: true } }
  }
  if (method === 'POST' && action === '/hangup') {
    phone.hangUp()
    return { body: store.calls.get(callSid) }
  }
  return undefined
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const text = Buffer.concat(chunks).toString()
  if (!text) return {}
  try {
    return JSON.parse(text)
  } catch {
    throw new HttpError(400, 'body must be JSON')
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' })
  res.end(JSON.stringify(body))
}
