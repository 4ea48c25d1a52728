import { createHash } from 'node:crypto'
import twilio from 'twilio'
import { z } from 'zod'
import { config } from '@/lib/config/env'
import { prisma } from '@/lib/db/client'
import { scopedDb, type ScopedDb } from '@/lib/tenancy/scoped-db'
import { cachedAccount, resolveAccount, type WebhookAccount } from './account-tokens'
import { recordWebhookEvent } from './webhook-events'
import { apologyTwiml, emptyTwiml, twimlResponse, type VoiceResponse } from './twiml'

// The one door for Twilio's webhooks (style.md §1): it reads the form body (size-limited),
// resolves the organization from AccountSid (its subaccount), checks X-Twilio-Signature with that
// subaccount's auth token over the configured public URL + path + query with twilio's own
// validateRequest (never the Host header a client controls), validates the parameters and hands
// the route a typed context. A forged or unsigned request, or an unknown account, gets 403 and
// changes nothing. Whatever happens inside, Twilio gets valid TwiML as text/xml.

export const MAX_WEBHOOK_BODY_BYTES = 64 * 1024

const accountSidSchema = z.string().regex(/^AC[0-9a-f]{32}$/)

export interface WebhookContext<P> {
  params: P
  account: WebhookAccount
  organizationId: string
  db: ScopedDb
  publicUrl: string
  /** The URL the request was signed over (public URL + path + query). */
  url: URL
}

/** `callLogId`, when the handler already has the call's row, spares the timeline a lookup. */
export type WebhookAnswer = string | VoiceResponse | { twiml: string | VoiceResponse; detail?: Record<string, unknown>; callLogId?: string }

interface Options<S extends z.ZodType> {
  params: S
  /**
   * 'twiml': the answer drives the call (an exception → the apology TwiML, 200).
   * 'callback': a notification (status, recording, transcription); an exception → 500 so Twilio
   * reports and retries it instead of the event being lost.
   */
  answers?: 'twiml' | 'callback'
  /** Whether each request and its answer is added to the call's timeline. */
  timeline?: boolean
}

class WebhookRefused extends Error {}

export function twilioWebhook<S extends z.ZodType>(options: Options<S>, handler: (context: WebhookContext<z.infer<S>>) => Promise<WebhookAnswer>) {
  return async (request: Request): Promise<Response> => {
    const publicUrl = config().publicUrl
    let raw: Record<string, string> = {}
    try {
      raw = await readForm(request)
      const url = signedUrl(request, publicUrl)
      const account = await verifiedAccount(request, url, raw, resolveAccount)
      const parsed = options.params.safeParse(raw)
      if (!parsed.success) {
        console.warn(JSON.stringify({ msg: 'webhook parameters rejected', path: url.pathname, callSid: raw.CallSid, issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) }))
        return options.answers === 'callback' ? twimlResponse(emptyTwiml(), 400) : twimlResponse(apologyTwiml(publicUrl))
      }
      const context = { params: parsed.data, account, organizationId: account.organizationId, db: scopedDb(prisma(), account.organizationId), publicUrl, url }
      const answer = await handler(context)
      const twiml = answerXml(answer)
      if (options.timeline && raw.CallSid) {
        await recordWebhookEvent(context.db, {
          callSid: raw.CallSid,
          path: url.pathname,
          dedupeKey: `webhook:${url.pathname}${url.search}:${request.headers.get('i-twilio-idempotency-token') ?? paramsDigest(raw)}`,
          params: raw,
          twiml,
          detail: typeof answer === 'object' && 'twiml' in answer ? answer.detail : undefined,
          callLogId: typeof answer === 'object' && 'twiml' in answer ? answer.callLogId : undefined,
        })
      }
      return twimlResponse(twiml)
    } catch (error) {
      if (error instanceof WebhookRefused) {
        console.warn(JSON.stringify({ msg: 'webhook refused', reason: error.message, path: new URL(request.url).pathname, callSid: raw.CallSid }))
        return twimlResponse(emptyTwiml(), 403)
      }
      console.error(JSON.stringify({ msg: 'webhook failed', path: new URL(request.url).pathname, callSid: raw.CallSid, error: error instanceof Error ? error.stack : String(error) }))
      return options.answers === 'callback' ? twimlResponse(emptyTwiml(), 500) : twimlResponse(apologyTwiml(publicUrl))
    }
  }
}

/**
 * The fallback door: answers static TwiML without touching the database. The signature is
 * checked when the account's token is in memory; with a cold cache (the app restarted during an
 * outage) the static apology is answered anyway — it reveals nothing and changes nothing.
 */
export function twilioFallbackWebhook(answer: (publicUrl: string) => string) {
  return async (request: Request): Promise<Response> => {
    const publicUrl = config().publicUrl
    try {
      const raw = await readForm(request)
      const accountSid = accountSidSchema.safeParse(raw.AccountSid)
      if (!accountSid.success) throw new WebhookRefused('no AccountSid')
      const cached = cachedAccount(accountSid.data)
      if (cached) await verifiedAccount(request, signedUrl(request, publicUrl), raw, async () => cached)
      console.warn(JSON.stringify({ msg: 'fallback URL answered', callSid: raw.CallSid, errorCode: raw.ErrorCode, errorUrl: raw.ErrorUrl, verified: Boolean(cached) }))
      return twimlResponse(answer(publicUrl))
    } catch (error) {
      if (error instanceof WebhookRefused) return twimlResponse(emptyTwiml(), 403)
      return twimlResponse(answer(publicUrl))
    }
  }
}

async function readForm(request: Request): Promise<Record<string, string>> {
  const declared = Number(request.headers.get('content-length') ?? 0)
  if (declared > MAX_WEBHOOK_BODY_BYTES) throw new WebhookRefused('body too large')
  const chunks: Uint8Array[] = []
  let size = 0
  if (request.body) {
    for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.byteLength
      if (size > MAX_WEBHOOK_BODY_BYTES) throw new WebhookRefused('body too large')
      chunks.push(chunk)
    }
  }
  const body = Buffer.concat(chunks).toString('utf8')
  // GET webhooks carry their parameters in the query string, which is part of the signed URL.
  const source = request.method === 'GET' ? new URL(request.url).searchParams : new URLSearchParams(body)
  return Object.fromEntries(source)
}

function signedUrl(request: Request, publicUrl: string): URL {
  const { pathname, search } = new URL(request.url)
  return new URL(`${publicUrl}${pathname}${search}`)
}

async function verifiedAccount(request: Request, url: URL, raw: Record<string, string>, lookup: (sid: string) => Promise<WebhookAccount | null>): Promise<WebhookAccount> {
  const signature = request.headers.get('x-twilio-signature')
  if (!signature) throw new WebhookRefused('no X-Twilio-Signature')
  const accountSid = accountSidSchema.safeParse(raw.AccountSid)
  if (!accountSid.success) throw new WebhookRefused('no AccountSid')
  const account = await lookup(accountSid.data)
  if (!account) throw new WebhookRefused(`unknown account ${accountSid.data}`)
  const params = request.method === 'GET' ? {} : raw
  if (!twilio.validateRequest(account.authToken, signature, url.toString(), params)) throw new WebhookRefused('bad signature')
  return account
}

function answerXml(answer: WebhookAnswer): string {
  if (typeof answer === 'string') return answer
  if ('twiml' in answer) return typeof answer.twiml === 'string' ? answer.twiml : answer.twiml.toString()
  return answer.toString()
}

function paramsDigest(raw: Record<string, string>): string {
  const sorted = Object.keys(raw).sort().map((key) => `${key}=${raw[key]}`).join('&')
  return createHash('sha256').update(sorted).digest('base64url').slice(0, 22)
}
