/**
 * The sandbox's call engine: places calls (inbound from simulated outside callers, outbound
 * through the REST API), runs their TwiML, and exposes what the REST layer and the control API
 * need. See the README of sandbox/twilio for the behaviours it reproduces.
 */
import { ManualClock, realClock, type Clock } from '../clock'
import { TwilioApiError } from '../errors'
import type { CallRecord, RecordingRecord, SandboxStore } from '../store'
import type { CallSession, TwimlSource } from './call-session'
import { LiveRecording, liveRecordingOf } from './call-recording'
import { checkDialable, openCall, openCallWith } from './calls'
import { noRegisteredDevices, type ClientDevices } from './client-devices'
import { ConferenceApi } from './conference/api'
import { ConferenceManager } from './conference/manager'
import type { EngineContext } from './context'
import { EventLog, type CallEvent } from './event-log'
import { dialledAddress, ringTarget } from './ring'
import { OutsideNumbers } from './outside-numbers'
import { SimulatedPhone, type CallParty } from './party'
import { QueueManager } from './queues'
import { parseRecordingEvents } from './recordings'
import { runTwiml, type RunStart } from './runner'
import { parseProgressEvents } from './status-callbacks'
import type { HttpMethod } from './webhook'
import { randomBytes } from 'node:crypto'

export interface OutboundCallParams {
  to: string
  from: string
  url?: string
  method?: string
  twiml?: string
  applicationSid?: string
  fallbackUrl?: string
  fallbackMethod?: string
  statusCallback?: string
  statusCallbackMethod?: string
  statusCallbackEvent?: string[]
  timeout?: number
  record?: boolean
  recordingChannels?: 'mono' | 'dual'
  recordingStatusCallback?: string
  recordingStatusCallbackMethod?: string
  recordingStatusCallbackEvent?: string[]
}

export interface StartRecordingParams {
  recordingChannels?: 'mono' | 'dual'
  recordingTrack?: RecordingRecord['track']
  recordingStatusCallback?: string
  recordingStatusCallbackMethod?: string
  recordingStatusCallbackEvent?: string[]
}

export interface CallUpdateParams {
  url?: string
  method?: string
  twiml?: string
  status?: 'completed' | 'canceled'
}

export interface QueueMemberSnapshot {
  callSid: string
  queueSid: string
  position: number
  waitTime: number
  dateEnqueued: Date
}

export interface CallEngineOptions {
  store: SandboxStore
  clock?: Clock
  /** Clock pacing Media Streams frames (default: real time, whatever `clock` is). */
  mediaClock?: Clock
  fetch?: typeof fetch
  /** Webhook response timeout; Twilio's is 15 s. */
  webhookTimeoutMs?: number
  /** Base URL for RecordingUrl and similar links (default http://127.0.0.1). */
  publicBaseUrl?: string | (() => string)
  /** Receives one line per call event (e.g. console.log for the sandbox process). */
  log?: (line: string) => void
  /** 'concurrent' sends status callbacks without waiting for the previous answer (default 'ordered'). */
  statusCallbackDelivery?: 'ordered' | 'concurrent'
}

export class CallEngine {
  readonly outsideNumbers = new OutsideNumbers()
  /** Conferences and their participants, as the REST API reaches them. */
  readonly conferences: ConferenceApi
  private readonly ctx: EngineContext
  private readonly phones = new Map<string, SimulatedPhone>()
  private readonly inFlight = new Set<Promise<unknown>>()
  private readonly detachSettler: (() => void) | null

  constructor(options: CallEngineOptions) {
    const clock = options.clock ?? realClock
    const log = new EventLog(() => clock.now())
    const baseUrl = options.publicBaseUrl ?? 'http://127.0.0.1'
    this.ctx = {
      store: options.store,
      clock,
      mediaClock: options.mediaClock ?? realClock,
      log,
      fetch: options.fetch ?? fetch,
      webhookTimeoutMs: options.webhookTimeoutMs ?? 15_000,
      publicBaseUrl: typeof baseUrl === 'function' ? baseUrl : () => baseUrl,
      outsideNumbers: this.outsideNumbers,
      queues: new QueueManager(() => this.ctx),
      conferences: new ConferenceManager(() => this.ctx),
      clientDevices: noRegisteredDevices,
      sessions: new Map(),
      statusCallbackDelivery: options.statusCallbackDelivery ?? 'ordered',
      busy: (work) => this.track(work),
      recordingFailures: [],
    }
    this.conferences = new ConferenceApi(this.ctx)
    if (options.log) {
      const line = options.log
      this.onEvent((event) => line(`[${event.callSid}] ${event.type}: ${event.summary}`))
    }
    this.detachSettler = clock instanceof ManualClock ? clock.addSettler(() => this.idle()) : null
  }

  /** An inbound call from a simulated outside caller to a number bought in the sandbox. */
  placeInboundCall({ from, to }: { from: string; to: string }): CallRecord {
    const number = this.ctx.store.numberByPhoneNumber(to)
    if (!number) throw new TwilioApiError(404, 21217, `The number ${to} is not a number in the sandbox`)
    const application = number.voiceApplicationSid ? this.ctx.store.applications.get(number.voiceApplicationSid) : undefined
    const config = application ?? number
    const statusCallback = config.statusCallback ? { url: config.statusCallback, method: httpMethod(config.statusCallbackMethod), events: ['completed' as const] } : null
    const fallback = config.voiceFallbackUrl ? { url: config.voiceFallbackUrl, method: httpMethod(config.voiceFallbackMethod) } : null
    const { session, phone } = openCall(
      this.ctx,
      { accountSid: number.accountSid, from, to: number.phoneNumber, direction: 'inbound', status: 'ringing' },
      { statusCallback, fallback, callToken: randomBytes(48).toString('base64url'), applicationSid: application?.sid },
    )
    this.phones.set(session.sid, phone)
    this.start(session, { kind: 'fetch', source: { url: config.voiceUrl ?? '', method: httpMethod(config.voiceMethod) }, params: {}, purpose: 'voice' })
    return session.record
  }

  /** The Voice SDK gateway's devices: from now on `client:` legs ring them. */
  useClientDevices(devices: ClientDevices): void {
    this.ctx.clientDevices = devices
  }

  /**
   * A call placed by a Voice SDK device (`device.connect({ params })`): Twilio requests the token's
   * TwiML App voice URL with the connect params beside its own (From=client:<identity>,
   * Direction=inbound) and runs the TwiML on a call whose party is the device
   * (https://www.twilio.com/docs/voice/sdks/javascript/twiliodevice#deviceconnectconnectoptions).
   */
  placeClientCall({ accountSid, identity, applicationSid, params, party }: { accountSid: string; identity: string; applicationSid: string; params: Record<string, string>; party: CallParty }): CallSession {
    const application = this.ctx.store.applications.get(applicationSid)
    if (!application || application.accountSid !== accountSid) throw new TwilioApiError(400, 21218, `Invalid ApplicationSid ${applicationSid}`)
    const statusCallback = application.statusCallback ? { url: application.statusCallback, method: httpMethod(application.statusCallbackMethod), events: ['completed' as const] } : null
    const fallback = application.voiceFallbackUrl ? { url: application.voiceFallbackUrl, method: httpMethod(application.voiceFallbackMethod) } : null
    const session = openCallWith(this.ctx, { accountSid, from: `client:${identity}`, to: params.To ?? '', direction: 'inbound', status: 'ringing' }, { statusCallback, fallback, applicationSid }, party)
    this.start(session, { kind: 'fetch', source: { url: application.voiceUrl ?? '', method: httpMethod(application.voiceMethod) }, params, purpose: 'voice' })
    return session
  }

  createOutboundCall(accountSid: string, params: OutboundCallParams): CallRecord {
    const source = this.outboundSource(accountSid, params)
    checkDialable(this.ctx, accountSid, params.to, params.from)
    const statusCallback = params.statusCallback ? { url: params.statusCallback, method: httpMethod(params.statusCallbackMethod), events: parseProgressEvents(params.statusCallbackEvent) } : null
    const fallback = params.fallbackUrl ? { url: params.fallbackUrl, method: httpMethod(params.fallbackMethod) } : null
    const applicationSid = !params.twiml && !params.url ? params.applicationSid : undefined
    const { to, clientParameters } = dialledAddress(params.to)
    const { session, phone } = openCall(this.ctx, { accountSid, from: params.from, to, direction: 'outbound-api', status: 'queued' }, { statusCallback, fallback, applicationSid })
    this.phones.set(session.sid, phone)
    const run = async () => {
      const result = await ringTarget(session, phone, (params.timeout ?? 60) * 1000, session.signal, { clientParameters })
      if (result !== 'answered') return
      // Record=true records from answer to hang-up.
      if (params.record) new LiveRecording(session, { channels: params.recordingChannels === 'dual' ? 2 : 1, track: 'both', source: 'OutboundAPI', callback: recordingCallback(params) })
      await runTwiml(session, source)
    }
    // Twilio answers the create request with the call still queued; the copy keeps that state.
    const queued = { ...session.record }
    void run()
    return queued
  }

  updateCall(accountSid: string, callSid: string, params: CallUpdateParams): CallRecord {
    const session = this.sessionFor(accountSid, callSid)
    if (params.status === 'canceled') {
      if (session.record.status === 'queued' || session.record.status === 'ringing') session.hangUp('api')
    } else if (params.status === 'completed') {
      session.hangUp('api')
    }
    if (params.url !== undefined || params.twiml !== undefined) {
      if (session.record.status !== 'in-progress') throw new TwilioApiError(400, 21220, 'Call is not in-progress. Cannot redirect.')
      session.restartRun('redirect')
      this.start(session, this.redirectSource(params.url, params.method, params.twiml))
    }
    return session.record
  }

  /** Dequeues a waiting caller (or the one at the front) and runs the TwiML at `url` on its call. */
  updateQueueMember(accountSid: string, queueSid: string, callSid: string, params: { url: string; method?: string }): QueueMemberSnapshot {
    const queue = this.ctx.store.queues.get(queueSid)
    if (!queue || !this.ctx.store.canAccess(accountSid, queue.accountSid)) throw notFound(`Queue ${queueSid}`)
    const entries = this.ctx.queues.entries(queueSid)
    const entry = callSid === 'Front' ? entries[0] : entries.find((e) => e.session.sid === callSid)
    if (!entry) throw notFound(`Member ${callSid}`)
    const snapshot = { callSid: entry.session.sid, queueSid, position: this.ctx.queues.position(entry), waitTime: Math.round((this.ctx.clock.now() - entry.enqueuedMs) / 1000), dateEnqueued: new Date(entry.enqueuedMs) }
    this.ctx.queues.remove(queueSid, entry.session.sid)
    entry.session.restartRun('redirect')
    this.start(entry.session, this.redirectSource(params.url, params.method))
    return snapshot
  }

  /** POST /Calls/{CallSid}/Recordings.json: records the live call from now on. */
  startCallRecording(accountSid: string, callSid: string, params: StartRecordingParams): RecordingRecord {
    const session = this.sessionFor(accountSid, callSid)
    if (session.record.status !== 'in-progress') throw new TwilioApiError(400, 21220, 'Call is not in-progress. Cannot create a recording.')
    // RecordingChannels defaults to mono for this API (twilio_api_v2010.json).
    return new LiveRecording(session, { channels: params.recordingChannels === 'dual' ? 2 : 1, track: params.recordingTrack ?? 'both', source: 'StartCallRecording', callback: recordingCallback(params) }).record
  }

  /** POST /Calls/{CallSid}/Recordings/{Sid}.json: Status paused, in-progress (resume) or stopped. */
  updateCallRecording(accountSid: string, callSid: string, sid: string, status: 'paused' | 'in-progress' | 'stopped', pauseBehavior: 'skip' | 'silence' = 'silence'): RecordingRecord {
    const recording = liveRecordingOf(this.sessionFor(accountSid, callSid), sid)
    if (!recording) throw notFound(`Recording ${sid}`)
    if (status === 'paused') recording.pause(pauseBehavior)
    else if (status === 'in-progress') recording.resume()
    else recording.stop()
    return recording.record
  }

  /** A test arranges for the next recording to finish processing to fail with this error code (status absent). */
  failNextRecording(errorCode: number): void {
    this.ctx.recordingFailures.push(errorCode)
  }

  /** The simulated phone on a call leg (the caller of an inbound call, the callee of an outbound one, a dialled party). */
  /** The clock the engine runs calls on (simulated parties that wait use it too). */
  get clock(): Clock {
    return this.ctx.clock
  }

  phone(callSid: string): SimulatedPhone | undefined {
    const party = this.phones.get(callSid) ?? this.ctx.sessions.get(callSid)?.party
    return party instanceof SimulatedPhone ? party : undefined
  }

  session(callSid: string): CallSession | undefined {
    return this.ctx.sessions.get(callSid)
  }

  /** What the gateway shares with the calls it places: the clock, media pacing, the event log, tracked I/O. */
  get context(): EngineContext {
    return this.ctx
  }

  events(callSid: string, sinceSeq = 0): CallEvent[] {
    return this.ctx.log.forCall(callSid, sinceSeq)
  }

  waitForEvent(callSid: string, predicate: (event: CallEvent) => boolean, timeoutMs?: number): Promise<CallEvent> {
    return this.ctx.log.waitFor(callSid, predicate, timeoutMs)
  }

  onEvent(listener: (event: CallEvent) => void): void {
    this.ctx.log.subscribe(listener)
  }

  /** Resolves once no webhook, synthesis or callback is in flight; true if it had to wait. */
  async idle(): Promise<boolean> {
    let waited = false
    while (this.inFlight.size > 0) {
      waited = true
      await Promise.allSettled([...this.inFlight])
    }
    return waited
  }

  /** Hangs up every live call (stopping their Media Streams) and waits for pending callbacks. */
  async close(): Promise<void> {
    for (const session of this.ctx.sessions.values()) session.hangUp('api')
    this.detachSettler?.()
    await this.idle()
  }

  /** Runs are long-lived (they wait on the clock), so only their I/O is tracked, not the run. */
  private start(session: CallSession, start: RunStart): void {
    void runTwiml(session, start)
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work)
    const done = () => this.inFlight.delete(work)
    work.then(done, done)
    return work
  }

  private sessionFor(accountSid: string, callSid: string): CallSession {
    const session = this.ctx.sessions.get(callSid)
    if (!session || !this.ctx.store.canAccess(accountSid, session.record.accountSid)) throw notFound(`Call ${callSid}`)
    return session
  }

  private outboundSource(accountSid: string, params: OutboundCallParams): RunStart {
    if (params.twiml) return { kind: 'inline', twiml: params.twiml, documentUrl: this.ctx.publicBaseUrl() }
    let source: TwimlSource | null = null
    if (params.url) source = { url: params.url, method: httpMethod(params.method) }
    else if (params.applicationSid) {
      const application = this.ctx.store.applications.get(params.applicationSid)
      if (!application || application.accountSid !== accountSid) throw new TwilioApiError(400, 21205, `ApplicationSid ${params.applicationSid} is not an application of this account`)
      source = { url: application.voiceUrl ?? '', method: httpMethod(application.voiceMethod) }
    }
    if (!source) throw new TwilioApiError(400, 21205, "Url parameter is required. Either 'Url', 'Twiml' or 'ApplicationSid' must be given.")
    if (!/^https?:\/\//.test(source.url)) throw new TwilioApiError(400, 21205, `Url is not a valid URL: ${source.url}`)
    return { kind: 'fetch', source, params: {}, purpose: 'voice' }
  }

  private redirectSource(url: string | undefined, method: string | undefined, twiml?: string): RunStart {
    if (twiml !== undefined) return { kind: 'inline', twiml, documentUrl: this.ctx.publicBaseUrl() }
    return { kind: 'fetch', source: { url: url ?? '', method: httpMethod(method) }, params: {}, purpose: 'redirect' }
  }
}

function recordingCallback(params: StartRecordingParams) {
  if (!params.recordingStatusCallback) return null
  return { url: params.recordingStatusCallback, method: httpMethod(params.recordingStatusCallbackMethod), events: parseRecordingEvents(params.recordingStatusCallbackEvent) }
}

function httpMethod(method: string | null | undefined): HttpMethod {
  return method?.toUpperCase() === 'GET' ? 'GET' : 'POST'
}

function notFound(what: string): TwilioApiError {
  return new TwilioApiError(404, 20404, `The requested resource ${what} was not found`)
}

export type { CallEvent } from './event-log'
export { SimulatedPhone } from './party'
export type { CallParty } from './party'
export { APPLICATION_ERROR_MESSAGE } from './runner'
