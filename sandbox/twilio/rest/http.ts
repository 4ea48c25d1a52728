import type { IncomingMessage, ServerResponse } from 'node:http'
import { timingSafeEqual } from 'node:crypto'
import { TwilioApiError } from '../errors'
import type { SandboxStore } from '../store'

// The wire mechanics of Twilio's REST API: form-encoded bodies with PascalCase parameters,
// HTTP Basic auth (account SID + auth token, or API key SID + secret), JSON answers.

export type Params = URLSearchParams

export async function readParams(req: IncomingMessage): Promise<Params> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const body = new URLSearchParams(Buffer.concat(chunks).toString('utf8'))
  const query = new URL(req.url ?? '/', 'http://sandbox').searchParams
  for (const [key, value] of query) if (!body.has(key)) body.append(key, value)
  return body
}

export function json(res: ServerResponse, status: number, body?: unknown): void {
  res.writeHead(status, status === 204 ? {} : { 'content-type': 'application/json; charset=utf-8' })
  res.end(status === 204 ? undefined : JSON.stringify(body))
}

export function sendError(res: ServerResponse, error: TwilioApiError): void {
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' }
  if (error.status === 401) headers['www-authenticate'] = 'Basic realm="Twilio API"'
  res.writeHead(error.status, headers)
  res.end(JSON.stringify(error))
}

const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b))

/** The account whose credentials signed the request, or a 20003 error as Twilio answers. */
export function authenticate(req: IncomingMessage, store: SandboxStore): string {
  const header = req.headers.authorization ?? ''
  const [scheme, encoded] = header.split(' ')
  const decoded = scheme === 'Basic' && encoded ? Buffer.from(encoded, 'base64').toString('utf8') : ''
  const separator = decoded.indexOf(':')
  const [username, password] = [decoded.slice(0, separator), decoded.slice(separator + 1)]
  const fail = () => new TwilioApiError(401, 20003, 'Authentication Error - invalid username')
  if (separator < 0) throw fail()
  let accountSid: string
  if (username.startsWith('SK')) {
    const key = store.keys.get(username)
    if (!key || !same(key.secret, password)) throw fail()
    accountSid = key.accountSid
  } else {
    const account = store.accounts.get(username)
    if (!account || !same(account.authToken, password)) throw fail()
    accountSid = account.sid
  }
  const account = store.accounts.get(accountSid)!
  if (account.status === 'closed') throw fail()
  if (account.status === 'suspended') throw new TwilioApiError(401, 20005, 'Account not active')
  return accountSid
}
