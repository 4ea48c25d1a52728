/**
 * Call progress events ("statusCallbackEvent"): initiated, ringing, answered, completed — the
 * last one for every terminal status (completed, busy, no-answer, failed, canceled). Only
 * subscribed events are sent; a number's StatusCallback and an outbound call without
 * StatusCallbackEvent get `completed` only. Delivered in order per call (or, with the engine's
 * statusCallbackDelivery 'concurrent', overlapping, as Twilio may), each signed,
 * numbered from SequenceNumber 0, with CallbackSource=call-progress-events.
 */
import type { CallRecord } from '../store'
import { callWebhook, type EngineContext } from './context'
import { callDurationSeconds, callParams, rfc2822 } from './params'
import type { HttpMethod, WebhookParams } from './webhook'

export type CallProgressEvent = 'initiated' | 'ringing' | 'answered' | 'completed'

export interface StatusCallbackConfig {
  url: string
  method: HttpMethod
  events: CallProgressEvent[]
}

export const TERMINAL_STATUSES: readonly CallRecord['status'][] = ['completed', 'busy', 'no-answer', 'failed', 'canceled']

export function progressEventFor(status: CallRecord['status']): CallProgressEvent | null {
  if (status === 'initiated') return 'initiated'
  if (status === 'ringing') return 'ringing'
  if (status === 'in-progress') return 'answered'
  if (TERMINAL_STATUSES.includes(status)) return 'completed'
  return null
}

/** Parses a statusCallbackEvent list (space- or comma-separated in TwiML, repeated in the API); default `completed`. */
export function parseProgressEvents(raw: string | string[] | undefined): CallProgressEvent[] {
  const words = (Array.isArray(raw) ? raw.join(' ') : (raw ?? '')).split(/[\s,]+/).filter(Boolean)
  const known = words.filter((w): w is CallProgressEvent => ['initiated', 'ringing', 'answered', 'completed'].includes(w))
  return known.length > 0 ? [...new Set(known)] : ['completed']
}

/** SIP response Twilio reports for each terminal status. */
const SIP_RESPONSE: Partial<Record<CallRecord['status'], string>> = { completed: '200', busy: '486', 'no-answer': '487', failed: '500', canceled: '487' }

export function statusCallbackParams(call: CallRecord, sequenceNumber: number, nowMs: number): WebhookParams {
  const params: WebhookParams = {
    ...callParams(call),
    CallbackSource: 'call-progress-events',
    SequenceNumber: String(sequenceNumber),
    Timestamp: rfc2822(nowMs),
  }
  if (TERMINAL_STATUSES.includes(call.status)) {
    const duration = call.startTime && call.endTime ? callDurationSeconds(call.startTime.getTime(), call.endTime.getTime()) : 0
    params.CallDuration = String(duration)
    // `Duration` is the billed length in minutes, rounded up.
    params.Duration = String(Math.ceil(duration / 60))
    params.SipResponseCode = SIP_RESPONSE[call.status] ?? '200'
  }
  return params
}

export class StatusCallbackQueue {
  private chain: Promise<void> = Promise.resolve()
  private sequence = 0

  constructor(
    private readonly ctx: EngineContext,
    private readonly config: StatusCallbackConfig | null,
  ) {}

  /** Queues the callback for the call's current status, if subscribed. */
  notify(call: CallRecord): void {
    const event = progressEventFor(call.status)
    if (!this.config || !event || !this.config.events.includes(event)) return
    const params = statusCallbackParams(call, this.sequence++, this.ctx.clock.now())
    const { url, method } = this.config
    const send = async () => {
      await callWebhook(this.ctx, call.sid, 'status-callback', { url, method, params, accountSid: call.accountSid })
    }
    const sent = this.ctx.statusCallbackDelivery === 'concurrent' ? send() : this.chain.then(send)
    this.chain = this.chain.then(() => sent)
    void this.ctx.busy(this.chain)
  }

  /** Resolves when every queued callback has been delivered. */
  drained(): Promise<void> {
    return this.chain
  }
}
