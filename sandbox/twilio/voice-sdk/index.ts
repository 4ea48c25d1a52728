/**
 * The sandbox's Voice SDK signaling gateway: what `new Device(token, { chunderw: 'HOST:PORT' })`
 * talks to instead of Twilio's (the SDK always dials `wss://<chunderw>/signal`, so it is TLS,
 * with the sandbox's local certificate). It verifies access tokens against the sandbox's API
 * keys, registers devices, rings them for `<Dial><Client>`, places the calls they make through
 * their TwiML App, and carries the media over WebRTC (webrtc-party.ts). See README.md.
 */
import type { IncomingMessage } from 'node:http'
import { createServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { WebSocketServer } from 'ws'
import { loadTlsIdentity, localTlsDir } from '../../tls'
import type { CallEngine } from '../engine/index'
import { DeviceConnection } from './connection'
import { DeviceRegistry } from './devices'
import { gatewayDevices } from './ring-devices'

export const VOICE_SDK_TLS_DIR = localTlsDir('voice-sdk-tls')
/** The SDK reconnects after 15 s without a message (wstransport.js HEARTBEAT_TIMEOUT); Twilio sends "\n" well within that. */
const HEARTBEAT_INTERVAL_MS = 10_000

export interface VoiceSdkGatewayOptions {
  engine: CallEngine
  /** 0 (the default) picks a free port. */
  port?: number
  host?: string
  /** Where the self-signed certificate is cached (default `.local/voice-sdk-tls/`). */
  tlsDir?: string
  heartbeatIntervalMs?: number
}

export interface VoiceSdkGateway {
  /** What the app passes as the SDK's `chunderw`, e.g. `127.0.0.1:8095`. */
  chunderw: string
  /** `wss://HOST:PORT/signal` */
  url: string
  port: number
  /** The certificate to trust (PEM). */
  caPem: string
  /** Registered identities, for tests and the control page. */
  registeredIdentities(): { accountSid: string; identity: string }[]
  close(): Promise<void>
}

export async function startVoiceSdkGateway(options: VoiceSdkGatewayOptions): Promise<VoiceSdkGateway> {
  const host = options.host ?? '127.0.0.1'
  const tls = await loadTlsIdentity(options.tlsDir ?? VOICE_SDK_TLS_DIR)
  const registry = new DeviceRegistry()
  const context = { engine: options.engine, registry }
  options.engine.useClientDevices(gatewayDevices(registry))

  const server = createServer({ key: tls.key, cert: tls.cert }, (_request, response) => {
    response.writeHead(404, { 'content-type': 'text/plain' })
    response.end('Voice SDK signaling: connect a WebSocket to /signal\n')
  })
  const wss = new WebSocketServer({ noServer: true })
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (new URL(request.url ?? '/', 'https://gateway').pathname !== '/signal') {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n')
      return
    }
    wss.handleUpgrade(request, socket, head, (ws) => registry.add(new DeviceConnection(ws, context)))
  })
  const heartbeat = setInterval(() => registry.all().forEach((c) => c.heartbeat()), options.heartbeatIntervalMs ?? HEARTBEAT_INTERVAL_MS)
  heartbeat.unref()

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => resolve())
  })
  const { port } = server.address() as AddressInfo
  const chunderw = `${host.includes(':') ? `[${host}]` : host}:${port}`
  return {
    chunderw,
    url: `wss://${chunderw}/signal`,
    port,
    caPem: tls.cert,
    registeredIdentities: () => registry.all().filter((c) => c.isRegistered && c.grant).map((c) => ({ accountSid: c.grant!.accountSid, identity: c.grant!.identity })),
    async close() {
      clearInterval(heartbeat)
      for (const ws of wss.clients) ws.terminate()
      wss.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
