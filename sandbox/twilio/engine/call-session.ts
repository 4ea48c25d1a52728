/**
 * One live call leg: its store record, the party on it, its status and callbacks, the TwiML
 * run currently driving it, and the clock-based waits verbs are built from. Interrupting a run
 * (hang-up, REST redirect, dequeue) aborts its signal with a CallInterrupt saying why.
 */
import type { CallRecord } from '../store'
import { samplesForMs } from '../audio/tones'
import { durationMs } from '../audio/track'
import { callWebhook, type EngineContext, type WebhookPurpose } from './context'
import { callDurationSeconds, callParams, callPrice } from './params'
import type { CallParty } from './party'
import type { LiveRecording } from './call-recording'
import { StatusCallbackQueue, TERMINAL_STATUSES, type StatusCallbackConfig } from './status-callbacks'
import type { HttpMethod, WebhookParams, WebhookResult } from './webhook'

export class CallInterrupt extends Error {
  constructor(readonly reason: 'hangup' | 'redirect') {
    super(`call ${reason}`)
  }
}

/** Something that can cut playback short: a key press (<Gather>), or the caller starting to speak. */
export interface PlaybackInterrupter {
  /** Resolves true as soon as input is there, false after `ms` without it. */
  wait(ms: number, signal: AbortSignal): Promise<boolean>
}

export interface TwimlSource {
  url: string
  method: HttpMethod
}

export interface CallSessionOptions {
  statusCallback: StatusCallbackConfig | null
  fallback: TwimlSource | null
  callToken?: string
  applicationSid?: string
}

/** Twilio sets the call's price a little after it ends (the REST resource shows null until then). */
const PRICE_DELAY_MS = 1500

export class CallSession {
  readonly statusCallbacks: StatusCallbackQueue
  readonly fallback: TwimlSource | null
  readonly callToken?: string
  readonly applicationSid?: string
  /** The other leg while bridged by <Dial>. */
  bridgedTo: CallSession | null = null
  /** Recordings made through the Call Recordings API or Record=true, in start order. */
  readonly liveRecordings: LiveRecording[] = []
  private run = new AbortController()
  private readonly digitListeners = new Set<(digit: string) => void>()
  private readonly endListeners: (() => void)[] = []
  private resolveEnded!: () => void
  readonly ended = new Promise<void>((resolve) => (this.resolveEnded = resolve))

  private currentParty: CallParty
  private readonly onPartyDigit = (digit: string) => {
    this.ctx.log.add(this.sid, 'dtmf', `caller pressed ${digit}`, { digit, heardBy: this.digitListeners.size })
    for (const listener of [...this.digitListeners]) listener(digit)
  }
  private readonly onPartyHangup = () => this.hangUp('party')

  constructor(
    readonly ctx: EngineContext,
    readonly record: CallRecord,
    party: CallParty,
    options: CallSessionOptions,
  ) {
    this.statusCallbacks = new StatusCallbackQueue(ctx, options.statusCallback)
    this.fallback = options.fallback
    this.callToken = options.callToken
    this.applicationSid = options.applicationSid
    this.currentParty = party
    this.listenTo(party)
  }

  /** The endpoint on the leg: for a ringing `client:` leg, the device that answers replaces the placeholder. */
  get party(): CallParty {
    return this.currentParty
  }

  /**
   * Puts the endpoint that answered on the leg (a Voice SDK device answering a `client:` leg).
   * Only before the leg is bridged or answered: nothing has been heard or said on it yet.
   */
  answerWith(party: CallParty): void {
    if (this.isEnded || this.record.status === 'in-progress') throw new Error(`call ${this.sid} is ${this.record.status}: its party can no longer change`)
    this.currentParty.off('dtmf', this.onPartyDigit)
    this.currentParty.off('hangup', this.onPartyHangup)
    this.currentParty.disconnect()
    this.currentParty = party
    this.listenTo(party)
    this.ctx.log.add(this.sid, 'status', `answered by a ${party.kind} endpoint`, { party: party.kind })
  }

  private listenTo(party: CallParty): void {
    party.on('dtmf', this.onPartyDigit)
    party.on('hangup', this.onPartyHangup)
  }

  get sid(): string {
    return this.record.sid
  }

  get isEnded(): boolean {
    return TERMINAL_STATUSES.includes(this.record.status)
  }

  get signal(): AbortSignal {
    return this.run.signal
  }

  /** Starts a new TwiML run, interrupting the current one. */
  restartRun(reason: CallInterrupt['reason']): AbortSignal {
    this.run.abort(new CallInterrupt(reason))
    this.run = new AbortController()
    return this.run.signal
  }

  params(extra: WebhookParams = {}): WebhookParams {
    return { ...callParams(this.record, { callToken: this.callToken, applicationSid: this.applicationSid }), ...extra }
  }

  webhook(purpose: WebhookPurpose, url: string, method: HttpMethod, params: WebhookParams): Promise<WebhookResult> {
    return callWebhook(this.ctx, this.sid, purpose, { url, method, params, accountSid: this.record.accountSid })
  }

  setStatus(status: CallRecord['status']): void {
    if (this.isEnded || this.record.status === status) return
    const now = new Date(this.ctx.clock.now())
    this.record.status = status
    this.record.dateUpdated = now
    if (status === 'in-progress') this.record.startTime = now
    if (TERMINAL_STATUSES.includes(status)) this.finish(now)
    this.ctx.log.add(this.sid, 'status', `→ ${status}`, { status })
    this.statusCallbacks.notify(this.record)
    if (this.isEnded) {
      for (const listener of this.endListeners.splice(0)) listener()
      this.resolveEnded()
    }
  }

  private finish(now: Date): void {
    this.record.endTime = now
    const answered = this.record.startTime !== null
    this.record.duration = answered ? callDurationSeconds(this.record.startTime!.getTime(), now.getTime()) : 0
    this.party.disconnect()
    this.run.abort(new CallInterrupt('hangup'))
    const duration = this.record.duration
    this.ctx.clock.setTimeout(() => {
      this.record.price = answered ? callPrice(this.record.direction, duration) : '0.00000'
      this.record.dateUpdated = new Date(this.ctx.clock.now())
    }, PRICE_DELAY_MS)
  }

  /** Ends the call from either side: answered calls complete; unanswered ones are canceled. */
  hangUp(by: 'party' | 'twiml' | 'api'): void {
    if (this.isEnded) return
    this.ctx.log.add(this.sid, 'status', `hang-up by ${by}`, { by })
    const answered = this.record.status === 'in-progress'
    this.setStatus(answered || this.record.direction === 'inbound' ? 'completed' : 'canceled')
  }

  onEnd(listener: () => void): void {
    if (this.isEnded) listener()
    else this.endListeners.push(listener)
  }

  onDigit(listener: (digit: string) => void): () => void {
    this.digitListeners.add(listener)
    return () => this.digitListeners.delete(listener)
  }

  /** Waits `ms` on the engine clock; rejects with the CallInterrupt if the run is interrupted. */
  sleep(ms: number, signal: AbortSignal): Promise<void> {
    return this.waitFor(ms, signal, () => () => {}).then(() => undefined)
  }

  /**
   * Generic interruptible wait: resolves with the value `subscribe` delivers, or null after `ms`
   * (Infinity waits forever); rejects with the run's CallInterrupt on interruption.
   */
  waitFor<T>(ms: number, signal: AbortSignal, subscribe: (done: (value: T) => void) => () => void): Promise<T | null> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason)
      let unsubscribe = () => {}
      const cleanup = () => {
        if (timer) this.ctx.clock.clearTimeout(timer)
        unsubscribe()
        signal.removeEventListener('abort', onAbort)
      }
      const onAbort = () => {
        cleanup()
        reject(signal.reason)
      }
      const timer = Number.isFinite(ms)
        ? this.ctx.clock.setTimeout(() => {
            cleanup()
            resolve(null)
          }, ms)
        : null
      signal.addEventListener('abort', onAbort, { once: true })
      unsubscribe = subscribe((value) => {
        cleanup()
        resolve(value)
      })
    })
  }

  /**
   * Plays audio to the party for its real length on the clock. With `interruptOn`, buffered
   * input (a key press, the caller's speech) stops playback (as in <Gather>); the party hears only what played. Returns
   * whether playback was interrupted.
   */
  async play(samples: Int16Array, signal: AbortSignal, interruptOn?: PlaybackInterrupter): Promise<boolean> {
    const startMs = this.ctx.clock.now()
    const heardUntil = (endMs: number) => {
      const played = samples.subarray(0, Math.min(samples.length, samplesForMs(endMs - startMs)))
      if (played.length > 0) this.party.hear(played, startMs)
    }
    try {
      const interrupted = interruptOn ? await interruptOn.wait(durationMs(samples), signal) : (await this.sleep(durationMs(samples), signal), false)
      heardUntil(this.ctx.clock.now())
      return interrupted
    } catch (interrupt) {
      heardUntil(this.ctx.clock.now())
      throw interrupt
    }
  }
}
