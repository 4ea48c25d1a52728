import type { AddressInfo } from 'node:net'
import { realClock, type Clock } from './clock'
import { CallEngine } from './engine/index'
import { FaultPlan } from './faults'
import { createSandboxServer } from './server'
import { SandboxStore } from './store'
import type { Mailbox } from '../mail/mailbox'

// Development defaults for the parent account, matching the app's (lib/config/env.ts) so the
// two agree with no configuration at all.
export const DEV_ACCOUNT_SID = 'AC00000000000000000000000000000000'
export const DEV_AUTH_TOKEN = '00000000000000000000000000000000'

export interface SandboxOptions {
  /** 0 (the default) picks an ephemeral port. */
  port?: number
  host?: string
  accountSid?: string
  authToken?: string
  /** Drives ring times, timeouts and dates; a ManualClock runs whole calls without sleeping. */
  clock?: Clock
  /** The URL the sandbox is reached at, for RecordingUrl and media_url; defaults to where it listens. */
  publicBaseUrl?: string
  /** Caught mail to serve at /sandbox/mail and /sandbox/api/mail (see ../mail/catcher.ts). */
  mailbox?: Mailbox
  /** 'concurrent' delivers a call's status callbacks without waiting for each answer, as Twilio may. */
  statusCallbackDelivery?: 'ordered' | 'concurrent'
}

export async function startTwilioSandbox(options: SandboxOptions = {}) {
  const accountSid = options.accountSid ?? process.env.SANDBOX_ACCOUNT_SID ?? DEV_ACCOUNT_SID
  const authToken = options.authToken ?? process.env.SANDBOX_AUTH_TOKEN ?? DEV_AUTH_TOKEN
  const host = options.host ?? '127.0.0.1'
  const clock = options.clock ?? realClock
  const store = new SandboxStore(accountSid, authToken)
  let baseUrl = options.publicBaseUrl?.replace(/\/$/, '') ?? ''
  const publicBaseUrl = () => baseUrl
  const engine = new CallEngine({ store, clock, publicBaseUrl, statusCallbackDelivery: options.statusCallbackDelivery })
  const faults = new FaultPlan()
  const server = createSandboxServer({ store, engine, clock, publicBaseUrl, accountSid, faults, mailbox: options.mailbox })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, resolve)
  })
  const { port } = server.address() as AddressInfo
  baseUrl ||= `http://${host.includes(':') ? `[${host}]` : host}:${port}`
  return {
    baseUrl,
    port,
    store,
    engine,
    faults,
    accountSid,
    authToken,
    async close() {
      await engine.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

export type TwilioSandbox = Awaited<ReturnType<typeof startTwilioSandbox>>
