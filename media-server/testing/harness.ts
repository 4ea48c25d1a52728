/**
 * Shared set-up of the media server tests and bench: the real media server on port 0 in front
 * of the real Realtime stand-in, with logs and hand-backs captured for assertions.
 */
import { randomBytes } from 'node:crypto'
import { signStreamToken, type StreamSession } from '../../lib/telephony/stream-token'
import { startRealtimeStandIn, type RealtimeStandIn, type RealtimeStandInOptions } from '../../sandbox/realtime/index'
import { appInternalApi, appStreamGate, type StreamGate } from '../app-gate'
import { appCallReports, appReceptionist } from '../receptionist-app'
import type { HandBack } from '../bridge'
import { createLogger } from '../log'
import { openAiConnector, type Liveness } from '../realtime-session'
import { startMediaServer, type MediaServer, type MediaServerOptions } from '../server'
import { TEST_ACCOUNT_SID } from './accounts'
import { startStreamApp, type StreamApp } from './stream-app'

export const TEST_STREAM_SECRET = 'test-stream-secret-0123456789abcdef0123'
export const TEST_API_KEY = 'sk-test-9f8e7d6c5b4a39281706'

export interface Harness {
  standIn: RealtimeStandIn
  server: MediaServer
  app: StreamApp
  logLines: string[]
  handBacks: HandBack[]
  close(): Promise<void>
}

export async function startHarness(
  options: {
    standIn?: RealtimeStandInOptions
    server?: Partial<Omit<MediaServerOptions, 'log' | 'connectRealtime'>>
    liveness?: Liveness
    /** The app confirms each stream this much later (a slow app: the caller talks meanwhile). */
    claimDelayMs?: number
    quiet?: boolean
  } = {},
): Promise<Harness> {
  const standIn = await startRealtimeStandIn({ port: 0, speechSource: 'builtin', apiKey: TEST_API_KEY, ...options.standIn })
  const logLines: string[] = []
  const handBacks: HandBack[] = []
  const log = createLogger((line) => {
    if (!options.quiet) logLines.push(line)
  })
  log.protect(TEST_STREAM_SECRET)
  log.protect(TEST_API_KEY)
  const app = await startStreamApp(TEST_STREAM_SECRET)
  const server = await startMediaServer({
    port: 0,
    log,
    streamSecret: TEST_STREAM_SECRET,
    gate: options.claimDelayMs ? delayedClaims(app.gate, options.claimDelayMs) : app.gate,
    receptionist: appReceptionist(appInternalApi(app.url, TEST_STREAM_SECRET)),
    reportCall: appCallReports(appInternalApi(app.url, TEST_STREAM_SECRET)),
    connectRealtime: openAiConnector({ apiKey: TEST_API_KEY, baseURL: standIn.baseURL, model: 'gpt-realtime', ca: () => standIn.caPem, sandbox: true }, options.liveness),
    onHandBack: (handBack) => handBacks.push(handBack),
    ...options.server,
  })
  return {
    standIn,
    server,
    app,
    logLines,
    handBacks,
    async close() {
      await server.shutdown(0)
      await standIn.close()
      await app.close()
    },
  }
}

/** The media server as a bench's child process runs it: the app's stream gate at `appUrl`, the stand-in at `baseURL`. */
export function startBenchMediaServer(
  target: { appUrl: string; baseURL: string; caPem: string },
  options: Pick<MediaServerOptions, 'log' | 'onHandBack'> & Partial<Omit<MediaServerOptions, 'gate' | 'connectRealtime' | 'streamSecret'>>,
): Promise<MediaServer> {
  return startMediaServer({
    port: 0,
    streamSecret: TEST_STREAM_SECRET,
    gate: appStreamGate(target.appUrl, TEST_STREAM_SECRET),
    connectRealtime: openAiConnector({ apiKey: TEST_API_KEY, baseURL: target.baseURL, model: 'gpt-realtime', ca: () => target.caPem, sandbox: true }),
    ...options,
  })
}

function delayedClaims(gate: StreamGate, delayMs: number): StreamGate {
  return { ...gate, claim: async (claim) => (await new Promise((resolve) => setTimeout(resolve, delayMs)), gate.claim(claim)) }
}

export function newCallSid(): string {
  return `CA${randomBytes(16).toString('hex')}`
}

export function callSession(overrides: Partial<StreamSession> = {}): StreamSession {
  return {
    callSid: newCallSid(),
    accountSid: TEST_ACCOUNT_SID,
    organizationId: 'org_test',
    instructions: 'You are the receptionist of Acme Dental. Be brief.',
    voice: 'marin',
    greeting: 'Thanks for calling Acme Dental, how can I help?',
    audioFormat: 'pcmu',
    ...overrides,
  }
}

export function streamToken(session: StreamSession, secret = TEST_STREAM_SECRET, nowMs?: number): string {
  return signStreamToken(session, secret, nowMs)
}

/** Resolves once `check` holds, polling every few milliseconds. */
export async function waitUntil(check: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}
