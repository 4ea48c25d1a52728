import type { IncomingMessage, ServerResponse } from 'node:http'
import { timingSafeEqual } from 'node:crypto'
import { authenticateError, TwilioApiError } from '../errors'
import type { SandboxStore } from '../store'
import type { Credential } from './context'

// The wire mechanics of Twilio's REST API: form-encoded bodies with PascalCase parameters,
// HTTP Basic auth (account SID + auth token, or API key SID + secret), JSON answers.

export type Params = URLSearchParams

/** The form body's parameters, then the query string's (GET filters such as `PageSize`). */
export async function readParams(req: IncomingMessage): Promise<Params> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const params = new URLSearchParams(Buffer.concat(chunks).toString('utf8'))
  const query = new URL(req.url ?? '/', 'http://sandbox').searchParams
  for (const [key, value] of query) if (!params.has(key)) params.append(key, value)
  return params
}

export function json(res: ServerResponse, status: number, body?: unknown): void {
  if (status === 204) {
    res.writeHead(204)
    res.end()
    return
  }
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' })
  res.end(JSON.stringify(body))
}

export function sendError(res: ServerResponse, error: TwilioApiError): void {
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' }
  // A 401 carries the Basic challenge, as Twilio's does.
  if (error.status === 401) headers['www-authenticate'] = 'Basic realm="Twilio API"'
  res.writeHead(error.status, headers)
  res.end(JSON.stringify(error))
}

function basicCredentials(header: string | undefined): { username: string; password: string } | null {
  const [scheme, encoded] = (header ?? '').split(' ')
  if (scheme?.toLowerCase() !== 'basic' || !encoded) return null
  const decoded = Buffer.from(encoded, 'base64').toString('utf8')
  const separator = decoded.indexOf(':')
  return separator < 0 ? null : { username: decoded.slice(0, separator), password: decoded.slice(separator + 1) }
}

const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b))

/**
 * Who signed the request, or Twilio's answer: 20003 for unknown or wrong credentials (a closed
 * account's included: closing is final), 20005 for a suspended account until it is reactivated.
 */
export function authenticate(req: IncomingMessage, store: SandboxStore): Credential {
  const basic = basicCredentials(req.headers.authorization)
  if (!basic) throw authenticateError()
  let credential: Credential
  if (basic.username.startsWith('SK')) {
    const key = store.keys.get(basic.username)
    if (!key || !same(key.secret, basic.password)) throw authenticateError()
    credential = { accountSid: key.accountSid, apiKeySid: key.sid }
  } else {
    const account = store.accounts.get(basic.username)
    if (!account || !same(account.authToken, basic.password)) throw authenticateError()
    credential = { accountSid: account.sid, apiKeySid: null }
  }
  const status = store.accounts.get(credential.accountSid)?.status
  if (status === 'closed') throw authenticateError()
  if (status === 'suspended') throw new TwilioApiError(401, 20005, 'Account not active')
  return credential
}
