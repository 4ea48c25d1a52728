/**
 * A tiny application server for tests: answers Twilio's webhooks with TwiML from a handler and
 * records every request (URL, method, headers, form parameters) so tests can inspect them.
 */
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface AppRequest {
  method: string
  path: string
  /** Full URL as requested, e.g. http://127.0.0.1:1234/voice?x=1 */
  url: string
  headers: IncomingMessage['headers']
  /** Form body parameters (POST) or query parameters (GET). */
  params: Record<string, string>
}

export type AppResponse = string | { status?: number; body?: string; contentType?: string; delayMs?: number }

export interface TwimlApp {
  baseUrl: string
  url(path: string): string
  requests: AppRequest[]
  requestsTo(path: string): AppRequest[]
  waitForRequest(path: string, count?: number, timeoutMs?: number): Promise<AppRequest>
  close(): Promise<void>
}

export async function startTwimlApp(handler: (request: AppRequest) => AppResponse | Promise<AppResponse>): Promise<TwimlApp> {
  const requests: AppRequest[] = []
  const waiters: (() => void)[] = []
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`)
    const params = req.method === 'GET' ? Object.fromEntries(url.searchParams) : Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString()))
    const request: AppRequest = { method: req.method ?? 'GET', path: url.pathname, url: url.toString(), headers: req.headers, params }
    requests.push(request)
    for (const wake of waiters.splice(0)) wake()
    const answer = await handler(request)
    const response = typeof answer === 'string' ? { body: answer } : answer
    if (response.delayMs) await new Promise((resolve) => setTimeout(resolve, response.delayMs))
    if (res.destroyed) return
    res.writeHead(response.status ?? 200, { 'Content-Type': response.contentType ?? 'text/xml' })
    res.end(response.body ?? '')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const requestsTo = (path: string) => requests.filter((r) => r.path === path)
  return {
    baseUrl,
    url: (path) => `${baseUrl}${path}`,
    requests,
    requestsTo,
    async waitForRequest(path, count = 1, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs
      while (requestsTo(path).length < count) {
        if (Date.now() > deadline) throw new Error(`no request #${count} to ${path} within ${timeoutMs} ms`)
        await new Promise<void>((resolve) => {
          waiters.push(resolve)
          setTimeout(resolve, 50)
        })
      }
      return requestsTo(path)[count - 1]
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** Wraps verbs in a TwiML document. */
export function twiml(verbs: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><Response>${verbs}</Response>`
}
