/**
 * Twilio's HTTP requests to the application: form-encoded POST (or GET with the parameters in
 * the query), signed with X-Twilio-Signature over the full URL plus the sorted POST parameters
 * using the owning account's auth token (https://www.twilio.com/docs/usage/webhooks/webhooks-security),
 * with the headers Twilio sends. Failures are classified with Twilio's error codes.
 */
import { randomUUID } from 'node:crypto'
import twilio from 'twilio'

export type HttpMethod = 'GET' | 'POST'
export type WebhookParams = Record<string, string>

export interface WebhookRequest {
  url: string
  method: HttpMethod
  params: WebhookParams
  authToken: string
  timeoutMs: number
}

export interface WebhookResult {
  /** The URL actually requested (with the query string for GET). */
  url: string
  method: HttpMethod
  params: WebhookParams
  signature: string
  idempotencyToken: string
  status: number | null
  contentType: string | null
  body: string
  durationMs: number
  /** Twilio error code when the request failed: 11200 (non-2xx), 11205 (connect failure/timeout), 11210 (bad host), 11100 (invalid URL). */
  errorCode: number | null
  errorMessage: string | null
}

export const TWILIO_USER_AGENT = 'TwilioProxy/1.1'

/** The X-Twilio-Signature value for a request to `url` with form parameters `params`. */
export function twilioSignature(authToken: string, url: string, params: WebhookParams): string {
  return twilio.getExpectedTwilioSignature(authToken, url, params)
}

export async function sendWebhook(request: WebhookRequest, fetchImpl: typeof fetch = fetch): Promise<WebhookResult> {
  const started = performance.now()
  const idempotencyToken = randomUUID()
  const base = { method: request.method, params: request.params, idempotencyToken, status: null, contentType: null, body: '' }
  let target: URL
  try {
    target = new URL(request.url)
    if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new Error(`unsupported scheme ${target.protocol}`)
  } catch (error) {
    return { ...base, url: request.url, signature: '', durationMs: 0, errorCode: 11100, errorMessage: `Invalid URL format: ${(error as Error).message}` }
  }
  // GET: Twilio appends the parameters to the query string and signs that URL with no body.
  if (request.method === 'GET') for (const [key, value] of Object.entries(request.params)) target.searchParams.append(key, value)
  const url = target.toString()
  const signature = twilioSignature(request.authToken, url, request.method === 'GET' ? {} : request.params)
  const headers: Record<string, string> = {
    'X-Twilio-Signature': signature,
    'I-Twilio-Idempotency-Token': idempotencyToken,
    'User-Agent': TWILIO_USER_AGENT,
    Accept: '*/*',
    'Cache-Control': 'max-age=259200',
  }
  if (request.method === 'POST') headers['Content-Type'] = 'application/x-www-form-urlencoded; charset=UTF-8'
  try {
    const response = await fetchImpl(url, {
      method: request.method,
      headers,
      body: request.method === 'POST' ? new URLSearchParams(request.params).toString() : undefined,
      signal: AbortSignal.timeout(request.timeoutMs),
      redirect: 'follow',
    })
    const body = await response.text()
    const ok = response.status >= 200 && response.status < 300
    return {
      ...base,
      url,
      signature,
      status: response.status,
      contentType: response.headers.get('content-type'),
      body,
      durationMs: Math.round(performance.now() - started),
      errorCode: ok ? null : 11200,
      errorMessage: ok ? null : `HTTP retrieval failure: status ${response.status}`,
    }
  } catch (error) {
    const { code, message } = classifyFailure(error)
    return { ...base, url, signature, durationMs: Math.round(performance.now() - started), errorCode: code, errorMessage: message }
  }
}

function classifyFailure(error: unknown): { code: number; message: string } {
  const err = error as Error & { cause?: { code?: string } }
  if (err.name === 'TimeoutError') return { code: 11205, message: 'HTTP connection failure: no response within the timeout' }
  if (err.cause?.code === 'ENOTFOUND' || err.cause?.code === 'EAI_AGAIN') return { code: 11210, message: 'HTTP bad host name' }
  return { code: 11205, message: `HTTP connection failure: ${err.cause?.code ?? err.message}` }
}
