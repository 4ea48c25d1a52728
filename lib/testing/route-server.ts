import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'

// Serves Next.js route handlers (functions of a web Request) over real HTTP for integration
// tests, so the Twilio sandbox can call the app's webhooks the way Twilio would.

type Handler = (request: Request) => Promise<Response>

export interface RouteServer {
  baseUrl: string
  close(): Promise<void>
}

export async function startRouteServer(routes: Record<string, Handler>): Promise<RouteServer> {
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', `http://${req.headers.host}`)
      const handler = routes[`${req.method} ${url.pathname}`]
      if (!handler) {
        res.writeHead(404).end()
        return
      }
      const response = await handler(toRequest(req, url, await readBody(req)))
      res.writeHead(response.status, Object.fromEntries(response.headers))
      res.end(Buffer.from(await response.arrayBuffer()))
    } catch (error) {
      res.writeHead(500).end(String(error))
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

function toRequest(req: IncomingMessage, url: URL, body: Buffer): Request {
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value)
  return new Request(url, { method: req.method, headers, body: req.method === 'GET' || req.method === 'HEAD' ? undefined : new Uint8Array(body) })
}
