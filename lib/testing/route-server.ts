import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { NextRequest } from 'next/server'

// The app's own route handlers on a real HTTP server, without a Next.js build: for integration
// tests of a peer (the media server, the Twilio sandbox) that talks to these routes over HTTP.
// Each route is mounted at its file-system path, `[name]` segments becoming params.

// Each route declares its own params type; `never` accepts them all (parameters are contravariant).
type Handler = (request: NextRequest, route: { params: Promise<never> }) => Promise<Response>
export type RouteModule = Partial<Record<'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', Handler>>

export interface RouteServer {
  url: string
  /** Requests served, in order, as `METHOD /path`. */
  requests: string[]
  close(): Promise<void>
}

function match(pattern: string, pathname: string): Record<string, string> | null {
  const want = pattern.split('/')
  const got = pathname.split('/')
  if (want.length !== got.length) return null
  const params: Record<string, string> = {}
  for (const [i, segment] of want.entries()) {
    const dynamic = /^\[(\w+)\]$/.exec(segment)
    if (dynamic) params[dynamic[1]!] = decodeURIComponent(got[i]!)
    else if (segment !== got[i]) return null
  }
  return params
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

export async function serveRoutes(routes: Record<string, RouteModule>): Promise<RouteServer> {
  const requests: string[] = []
  const server = createServer((incoming, outgoing) => {
    void (async () => {
      const url = new URL(incoming.url ?? '/', `http://${incoming.headers.host}`)
      requests.push(`${incoming.method} ${url.pathname}`)
      for (const [pattern, module] of Object.entries(routes)) {
        const params = match(pattern, url.pathname)
        const handler = params && module[incoming.method as keyof RouteModule]
        if (!handler) continue
        const body = incoming.method === 'GET' || incoming.method === 'HEAD' ? undefined : await readBody(incoming)
        const headers = new Headers(Object.entries(incoming.headers).flatMap(([name, value]) => (value === undefined ? [] : [[name, String(value)] as [string, string]])))
        const response = await handler(new NextRequest(url, { method: incoming.method, headers, body: body && new Uint8Array(body) }), { params: Promise.resolve(params) as Promise<never> })
        outgoing.writeHead(response.status, Object.fromEntries(response.headers))
        return outgoing.end(Buffer.from(await response.arrayBuffer()))
      }
      outgoing.writeHead(404).end()
    })().catch((error: unknown) => {
      console.error('route server', error)
      outgoing.writeHead(500).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
