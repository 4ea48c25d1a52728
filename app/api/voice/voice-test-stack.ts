import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { ManualClock } from '@/sandbox/twilio/clock'
import { startTwilioSandbox, type TwilioSandbox } from '@/sandbox/twilio/index'
import type { PrismaClient } from '@/lib/generated/prisma/client'
import { provisionOrganization } from '@/lib/provisioning/provision-organization'
import { createTwilioClient } from '@/lib/telephony/twilio-client'
import { serveRoutes, type RouteServer } from '@/lib/testing/route-server'
import { createOrganization, createPhoneNumber } from '@/lib/testing/factories'
import { voiceWebhooks } from '@/lib/telephony/webhook-urls'
import * as bridgeJoin from './bridge-join/route'
import * as bridgeLeg from './bridge-leg/route'
import * as bridgeUnanswered from './bridge-unanswered/route'
import * as dialStatus from './dial-status/route'
import * as fallback from './fallback/route'
import * as handBack from './hand-back/route'
import * as holdMusic from './hold-music/route'
import * as incoming from './incoming/route'
import * as queueConnect from './queue-connect/route'
import * as menu from './menu/route'
import * as outgoing from './outgoing/route'
import * as queueWait from './queue-wait/route'
import * as recordingComplete from './recording-complete/route'
import * as recordingStatus from './recording-status/route'
import * as status from './status/route'
import * as streamEnded from './stream-ended/route'
import * as transcriptionComplete from './transcription-complete/route'
import * as transferEnded from './transfer-ended/route'
import * as voicemail from './voicemail/route'

// The whole voice path for integration tests: the Twilio sandbox (on a manual clock), the app's
// voice webhooks over real HTTP, the embedded database, and a stand-in readiness endpoint for
// the media server. The environment is set before anything reads the configuration.

export interface VoiceStack {
  sandbox: TwilioSandbox
  clock: ManualClock
  app: RouteServer & { baseUrl: string }
  /** The media server's stand-in: its readiness, and the requests the app sent it (pre-warms). */
  mediaServer: { ready: boolean; url: string; requests: MediaServerRequest[] }
  close(): Promise<void>
}

export interface MediaServerRequest {
  method: string
  path: string
  headers: Headers
  body: string
}

export async function startVoiceStack(options: { mediaServerPublicUrl?: string; env?: Record<string, string> } = {}): Promise<VoiceStack> {
  const clock = new ManualClock(Date.UTC(2026, 11, 1, 15, 0, 0))
  // Status callbacks overlap, as Twilio may deliver them.
  const sandbox = await startTwilioSandbox({ clock, statusCallbackDelivery: 'concurrent' })
  const served = await serveRoutes({
    '/api/voice/incoming': incoming,
    '/api/voice/menu': menu,
    '/api/voice/outgoing': outgoing,
    '/api/voice/status': status,
    '/api/voice/dial-status': dialStatus,
    '/api/voice/queue-wait': queueWait,
    '/api/voice/queue-connect': queueConnect,
    '/api/voice/recording-status': recordingStatus,
    '/api/voice/recording-complete': recordingComplete,
    '/api/voice/transcription-complete': transcriptionComplete,
    '/api/voice/fallback': fallback,
    '/api/voice/hand-back': handBack,
    '/api/voice/voicemail': voicemail,
    '/api/voice/stream-ended': streamEnded,
    '/api/voice/transfer-ended': transferEnded,
    '/api/voice/bridge-leg': bridgeLeg,
    '/api/voice/bridge-join': bridgeJoin,
    '/api/voice/bridge-unanswered': bridgeUnanswered,
    '/api/voice/hold-music': holdMusic,
  })
  const app = { ...served, baseUrl: served.url }
  const mediaServer = { ready: true, url: '', requests: [] as MediaServerRequest[] }
  const health: Server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk) => (body += chunk))
    req.on('end', () => {
      if (req.method === 'POST') {
        const headers = new Headers(Object.entries(req.headers).flatMap(([name, value]) => (typeof value === 'string' ? [[name, value] as [string, string]] : [])))
        mediaServer.requests.push({ method: req.method, path: req.url ?? '', headers, body })
      }
      res.writeHead(mediaServer.ready ? 200 : 503).end()
    })
  })
  await new Promise<void>((resolve) => health.listen(0, '127.0.0.1', resolve))
  mediaServer.url = `http://127.0.0.1:${(health.address() as AddressInfo).port}`
  const overrides = {
    PUBLIC_URL: app.baseUrl,
    SANDBOX_URL: sandbox.baseUrl,
    SANDBOX_ACCOUNT_SID: sandbox.accountSid,
    SANDBOX_AUTH_TOKEN: sandbox.authToken,
    MEDIA_SERVER_HEALTH_URL: `${mediaServer.url}/ready`,
    // By default nothing listens there: the stream fails to open, as when the media server dies mid-call.
    MEDIA_SERVER_PUBLIC_URL: options.mediaServerPublicUrl ?? 'ws://127.0.0.1:9',
    ...options.env,
  }
  // Test files share worker processes: the environment is put back on close.
  const previous = Object.fromEntries(Object.keys(overrides).map((name) => [name, process.env[name]]))
  Object.assign(process.env, overrides)
  return {
    sandbox,
    clock,
    app,
    mediaServer,
    async close() {
      for (const [name, value] of Object.entries(previous)) value === undefined ? delete process.env[name] : (process.env[name] = value)
      await sandbox.close()
      await app.close()
      await new Promise((resolve) => health.close(resolve))
    },
  }
}

export type NumberRoute = Omit<Parameters<typeof createPhoneNumber>[2], 'e164' | 'twilioSid'>

/** A signed-up organization with its sandbox subaccount, TwiML App and API key, as sign-up leaves it. */
export async function provisionedOrganization(db: PrismaClient, stack: VoiceStack, label: string) {
  const org = await createOrganization(db, label)
  const clientFor = (credentials: { accountSid: string; authToken: string }) => createTwilioClient(credentials, { sandboxBaseUrl: stack.sandbox.baseUrl })
  await provisionOrganization(db, org.organizationId, { parent: clientFor({ accountSid: stack.sandbox.accountSid, authToken: stack.sandbox.authToken }), subaccount: clientFor }, stack.app.baseUrl)
  const row = await db.organization.findUniqueOrThrow({ where: { id: org.organizationId } })
  if (row.provisioningStatus !== 'READY') throw new Error(`provisioning failed: ${row.provisioningError}`)
  const subaccountToken = stack.sandbox.store.accounts.get(row.twilioAccountSid!)!.authToken
  const twilio = clientFor({ accountSid: row.twilioAccountSid!, authToken: subaccountToken })
  /** A sandbox number configured as the app configures the numbers it buys. */
  const buySandboxNumber = () => twilio.incomingPhoneNumbers.create({ areaCode: '617', ...voiceWebhooks(stack.app.baseUrl) })
  /** A bought number with its row, routed as `route` says. */
  const buyNumber = async (route: NumberRoute = {}) => {
    const bought = await buySandboxNumber()
    return createPhoneNumber(db, org.organizationId, { e164: bought.phoneNumber, twilioSid: bought.sid, ...route })
  }
  return { ...org, accountSid: row.twilioAccountSid!, authToken: subaccountToken, twimlAppSid: row.twimlAppSid!, twilio, buySandboxNumber, buyNumber }
}

/** Posts to the sandbox's simulated-caller API. */
export async function control(stack: VoiceStack, method: 'POST' | 'PUT', path: string, body: unknown) {
  const response = await fetch(`${stack.sandbox.baseUrl}/sandbox/api${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`)
  return response.json()
}
