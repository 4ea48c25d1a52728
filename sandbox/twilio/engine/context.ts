/** What every part of the engine shares: state, time, the event log and outbound HTTP. */
import type { Clock } from '../clock'
import type { SandboxStore } from '../store'
import type { CallSession } from './call-session'
import type { ConferenceManager } from './conference/manager'
import type { ClientDevices } from './client-devices'
import type { EventLog } from './event-log'
import type { OutsideNumbers } from './outside-numbers'
import type { QueueManager } from './queues'
import { sendWebhook, type HttpMethod, type WebhookParams, type WebhookResult } from './webhook'

export interface EngineContext {
  store: SandboxStore
  clock: Clock
  /** Paces Media Streams frames; real time unless a test says otherwise. */
  mediaClock: Clock
  log: EventLog
  fetch: typeof fetch
  /** Twilio waits 15 s for a webhook response (error 11205 after that). */
  webhookTimeoutMs: number
  /** Base URL the sandbox's REST API is reachable at, in place of https://api.twilio.com. */
  publicBaseUrl(): string
  outsideNumbers: OutsideNumbers
  queues: QueueManager
  /** Conference rooms that have not completed, by account and friendly name. */
  conferences: ConferenceManager
  /** The Voice SDK devices `client:` legs ring (the gateway's, once one is attached). */
  clientDevices: ClientDevices
  /** Live (and finished) call sessions by CallSid. */
  sessions: Map<string, CallSession>
  /**
   * Twilio does not promise to deliver a call's status callbacks one after another: with
   * 'concurrent' each is sent as soon as its event happens, overlapping slow answers.
   */
  statusCallbackDelivery: 'ordered' | 'concurrent'
  /** Error codes the next recordings to finish processing fail with (status absent), in order. */
  recordingFailures: number[]
  /** Marks async work (HTTP, synthesis) in flight so a ManualClock can wait for it. */
  busy<T>(work: Promise<T>): Promise<T>
}

export type WebhookPurpose =
  | 'voice'
  | 'fallback'
  | 'action'
  | 'redirect'
  | 'status-callback'
  | 'recording-status-callback'
  | 'transcribe-callback'
  | 'wait-url'
  | 'queue-url'
  | 'play'
  | 'partial-result-callback'
  | 'hold-url'
  | 'announce-url'
  | 'conference-status-callback'

/** Sends a signed webhook with the account's token and logs request and response on the call. */
export async function callWebhook(
  ctx: EngineContext,
  callSid: string,
  purpose: WebhookPurpose,
  request: { url: string; method: HttpMethod; params: WebhookParams; accountSid: string },
): Promise<WebhookResult> {
  const account = ctx.store.accounts.get(request.accountSid)
  if (!account) throw new Error(`unknown account ${request.accountSid}`)
  const result = await ctx.busy(sendWebhook({ ...request, authToken: account.authToken, timeoutMs: ctx.webhookTimeoutMs }, ctx.fetch))
  ctx.log.add(callSid, 'webhook', `${purpose}: ${result.method} ${result.url} → ${result.status ?? result.errorCode}`, {
    purpose,
    request: { method: result.method, url: result.url, params: result.params, signature: result.signature, idempotencyToken: result.idempotencyToken },
    response: { status: result.status, contentType: result.contentType, body: result.body.slice(0, 4000), durationMs: result.durationMs },
    error: result.errorCode ? { code: result.errorCode, message: result.errorMessage } : null,
  })
  return result
}
