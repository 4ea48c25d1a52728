/**
 * The server both baseline bridges of the capacity bench run in (plain-bridge.ts, floor-bridge.ts):
 * a bare `ws` server on loopback that counts its calls. Each bridge supplies only what it does
 * with a connection.
 */
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import WebSocket, { WebSocketServer } from 'ws'

export interface BaselineBridge {
  streamUrl: string
  activeCalls(): number
  close(): Promise<void>
}

export interface BaselineOptions {
  realtimeUrl: string
  apiKey: string
  ca: string
}

/** Serves `bridge` for every Media Streams connection; the call counts until its socket closes. */
export async function serveBaseline(onCall: (twilio: WebSocket, request: IncomingMessage) => void, wsOptions: { perMessageDeflate?: boolean } = {}): Promise<BaselineBridge> {
  const server = createServer()
  const wss = new WebSocketServer({ server, ...wsOptions })
  let active = 0
  wss.on('connection', (twilio, request) => {
    active++
    twilio.on('close', () => active--)
    onCall(twilio, request)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  return {
    streamUrl: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/media-stream`,
    activeCalls: () => active,
    close: async () => {
      for (const client of wss.clients) client.terminate()
      wss.close()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** Closes the Realtime socket of a call whose Twilio stream has ended. */
export function closeRealtime(realtime: WebSocket): void {
  if (realtime.readyState === WebSocket.OPEN) realtime.close()
  else realtime.terminate()
}
