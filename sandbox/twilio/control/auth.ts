/**
 * Who may drive simulated callers: the sandbox is a local development tool, so requests from
 * the loopback interface are trusted; anything else must present the parent account's
 * credentials with HTTP Basic auth (account SID and auth token), like the REST API.
 */
import type { IncomingMessage } from 'node:http'
import { timingSafeEqual } from 'node:crypto'

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1'])

export function isControlAllowed(req: IncomingMessage, parent: { sid: string; authToken: string }): boolean {
  if (LOOPBACK.has(req.socket.remoteAddress ?? '')) return true
  const header = req.headers.authorization ?? ''
  if (!header.startsWith('Basic ')) return false
  const expected = Buffer.from(`${parent.sid}:${parent.authToken}`)
  const given = Buffer.from(Buffer.from(header.slice(6), 'base64').toString())
  return given.length === expected.length && timingSafeEqual(given, expected)
}
