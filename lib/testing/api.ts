import { encode } from 'next-auth/jwt'
import { NextRequest } from 'next/server'
import { config } from '@/lib/config/env'

// Calls a route handler as a signed-in member would: a real NextRequest carrying a real
// next-auth session cookie, through withOrg and everything behind it.

type Handler<Params> = (request: NextRequest, route: { params: Promise<Params> }) => Promise<Response>

export interface ApiCall<Params> {
  as: string | null
  method?: string
  url: string
  body?: unknown
  params?: Params
  headers?: Record<string, string>
}

export async function callRoute<Params = Record<string, never>>(handler: Handler<Params>, call: ApiCall<Params>) {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...call.headers }
  if (call.as) headers.cookie = `next-auth.session-token=${await encode({ token: { sub: call.as }, secret: config().secrets.session })}`
  const request = new NextRequest(new URL(call.url, 'http://localhost'), { method: call.method ?? 'GET', headers, ...(call.body !== undefined && { body: JSON.stringify(call.body) }) })
  const response = await handler(request, { params: Promise.resolve((call.params ?? {}) as Params) })
  const text = await response.text()
  return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers }
}
