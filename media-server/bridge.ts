/**
 * One call: a Twilio Media Stream wired to an OpenAI Realtime session. The stream must first
 * prove itself (stream-auth.ts); then caller audio flows to the model, the model's audio flows
 * back through the pacer (playback.ts), a caller who starts speaking silences the assistant
 * (barge-in), and a lost Realtime connection is retried behind a hold chime before the call is
 * handed back to the app. Protocol, audio and session details live in their own modules.
 */
import type { WebSocket } from 'ws'
import type { StreamSession, StreamTokenClaim } from '../lib/telephony/stream-token'
import { createAudioPath, type AudioPath } from './audio-path'
import { BargeInGuard, DEFAULT_MIN_BARGE_IN_MS, type GuardVerdict } from './barge-in-guard'
import { CallerAudioBatch, DEFAULT_FRAMES_PER_APPEND } from './caller-audio'
import { CallReporter, noUsage, type SendReport, type TokenUsage } from './call-report'
import { ConversationMemory } from './conversation-memory'
import type { Logger } from './log'
import type { Pacer } from './pacer'
import { Playback } from './playback'
import type { CallPersona, RealtimeConnector, RealtimeEvents, RealtimeSession } from './realtime-session'
import type { StreamGate } from './app-gate'
import type { ParkedSession, PreWarmer } from './pre-warm'
import { callPersona, type CallContext, type ReceptionistApp } from './receptionist-app'
import { authorizeStream, upgradeSignedBy, type StreamUpgrade } from './stream-auth'
import { clearMessage, FRAME_MS, markMessage, markNameFast, mediaMessage, mediaPayloadFast, parseTwilioMessage, type TwilioMessage, type TwilioStart } from './twilio-stream'

export interface HandBack {
  callSid: string
  streamSid: string
  reason: string
}

/** Bench instrumentation; absent in production. */
export interface BridgeProbe {
  /** A caller frame was just taken for the Realtime socket, sent with its batch (`twilioPayload` as Twilio sent it; its message was handed to us at `receivedAtMs`, performance.now()). */
  inbound(twilioPayload: string, receivedAtMs: number): void
  /** An assistant chunk went to Twilio `lateMs` after it was due on the playback clock. */
  outbound(lateMs: number): void
  /** An answer's first audio left for Twilio: its first delta came `modelMs` after `speech_stopped` reached us, and left `bridgeMs` after that. */
  answer?(modelMs: number, bridgeMs: number): void
}

/** The TCP socket under the WebSocket, so a chunk and its mark leave in one write. */
export interface Corkable {
  cork(): void
  uncork(): void
}

export interface BridgeOptions {
  streamSecret: string
  /** The app's answers about a stream: the signing account's auth token, the token's one-time claim. */
  gate: StreamGate
  connectRealtime: RealtimeConnector
  /** The app's side of the receptionist's tools; without it a call has none. */
  receptionist?: ReceptionistApp
  /** Sessions the app had opened ahead of the stream (pre-warm.ts); without it each stream opens its own. */
  preWarmer?: PreWarmer
  /** Where the call's transcript, usage and turn latencies go (call-report.ts); without it, nowhere. */
  reportCall?: SendReport
  reportIntervalMs?: number
  log: Logger
  onHandBack(handBack: HandBack): void
  holdAudio: Uint8Array
  /** Waits before each reconnection attempt; its length is the number of retries. */
  retryDelaysMs?: readonly number[]
  /** A socket that sends no `start` within this time is closed. */
  startTimeoutMs?: number
  nowMs?: () => number
  /** The process's shared pacing clock (server.ts makes one). */
  pacer: Pacer
  /** Playback lead and chunk (mark interval); playback.ts has the defaults and why. */
  leadMs?: number
  chunkMs?: number
  /** Caller frames per `input_audio_buffer.append` (caller-audio.ts has the default). */
  framesPerAppend?: number
  /** Voiced caller audio needed after `speech_started` before the assistant stops (barge-in-guard.ts). */
  minBargeInMs?: number
  /** When a Twilio stream counts as stuck (defaults in DEFAULT_WATCHDOG). */
  watchdog?: Partial<Watchdog>
  probe?: BridgeProbe
}

/**
 * A Twilio stream that stops without closing is not left to run silent. Twilio sends a caller
 * frame every 20 ms for the whole call and echoes each mark as its audio plays, so either going
 * quiet for seconds means its side is stuck (or backed up) and the call is handed back to the
 * app, which moves it to voicemail by REST.
 */
export interface Watchdog {
  /** How often the call is checked. */
  intervalMs: number
  /** No message at all from Twilio for this long. */
  twilioSilentMs: number
  /** Audio sent this long ago still unconfirmed by its mark (the lead is 400 ms). */
  unplayedMs: number
  /** Bytes queued in our socket towards Twilio that it is not reading. */
  maxBufferedBytes: number
}

export const DEFAULT_WATCHDOG: Watchdog = { intervalMs: 1000, twilioSilentMs: 5000, unplayedMs: 5000, maxBufferedBytes: 256 * 1024 }

export const DEFAULT_RETRY_DELAYS_MS = [250, 750, 1500]
/** A failed response is asked for again this many times in a row before the call is handed back. */
export const RESPONSE_RETRIES = 2
/** Caller audio kept while the first Realtime session is being set up (the caller may speak first). */
const EARLY_AUDIO_FRAMES = 100
const MULAW_BYTES_PER_MS = 8
const HOLD_ITEM = 'hold'
/** RFC 6455 §7.4.1: 1008, the message violates policy (an unauthenticated stream). */
const POLICY_VIOLATION = 1008

export interface CallStats {
  framesIn: number
  framesForwarded: number
  /** Caller frames that arrived while no Realtime session was ready to take them. */
  framesDropped: number
  /** `media` messages sent to Twilio (one chunk each). */
  chunksOut: number
  bargeIns: number
  reconnects: number
}

export class CallBridge {
  callSid?: string
  streamSid?: string
  readonly stats: CallStats = { framesIn: 0, framesForwarded: 0, framesDropped: 0, chunksOut: 0, bargeIns: 0, reconnects: 0 }
  /** Resolves with the reason once everything of this call is released. */
  readonly ended: Promise<string>
  private resolveEnded!: (reason: string) => void
  private log: Logger
  private persona?: StreamSession & CallPersona
  /** Resolved once the assistant has finished speaking and the caller has heard it all. */
  private speechWaiters: Array<() => void> = []
  private audio?: AudioPath
  private callerBatch?: CallerAudioBatch
  private playback?: Playback
  private realtime?: RealtimeSession
  private ready = false
  private everReady = false
  private greeted = false
  /** The greeting was asked for and has not yet been heard in full. */
  private greetingPending = false
  private failures = 0
  private responseFailures = 0
  /** Responses that produced audio (an incomplete one with audio was at least partly heard). */
  private readonly audibleResponses = new Set<string>()
  /** Caller audio (Twilio's base64 μ-law) that arrived before the first session was ready. */
  private earlyAudio: string[] = []
  /** The conversation so far, for a session that replaces a lost or expired one. */
  private readonly memory = new ConversationMemory()
  private guard: BargeInGuard
  private reporter?: CallReporter
  private readonly usage: TokenUsage = noUsage()
  private readonly turnLatenciesMs: number[] = []
  /** When the caller last stopped speaking, until the assistant's answer starts playing. */
  private turnEndedAtMs?: number
  /** Only with a probe (bench/receptionist.ts): when this turn's speech_stopped and first audio delta came, performance.now(). */
  private answerTiming?: { stoppedAtMs: number; firstDeltaAtMs?: number }
  private lastTwilioMessageMs = 0
  private watchdogTimer?: NodeJS.Timeout
  private activeResponseId?: string
  private cancelledResponseId?: string
  private timer?: NodeJS.Timeout
  private finished = false

  private admitting = false

  constructor(
    private readonly socket: WebSocket,
    private readonly options: BridgeOptions,
    private readonly upgrade: StreamUpgrade,
    private readonly transport?: Corkable,
  ) {
    this.log = options.log
    this.guard = new BargeInGuard(options.minBargeInMs ?? DEFAULT_MIN_BARGE_IN_MS)
    this.ended = new Promise((resolve) => (this.resolveEnded = resolve))
    this.timer = setTimeout(() => this.refuse('no start message'), options.startTimeoutMs ?? 10_000)
    socket.on('message', (data) => this.receive(data.toString()))
    socket.on('close', () => this.end('twilio stream closed'))
    socket.on('error', (error) => this.log.warn('twilio socket error', { error }))
  }

  /** Ends the call now (shutdown grace expired, or the stream stopped). */
  end(reason: string): void {
    if (this.finished) return
    this.finished = true
    clearTimeout(this.timer)
    clearInterval(this.watchdogTimer)
    this.settleSpeech(true)
    this.playback?.stop()
    this.realtime?.close()
    this.realtime = undefined
    if (this.socket.readyState === this.socket.OPEN) this.socket.close(1000, reason.slice(0, 120))
    this.log.info('call ended', { reason, ...this.stats, underruns: this.playback?.stats.underruns ?? 0 })
    // The call is over once the app has its last report (or it was given up after retries).
    if (!this.reporter) return this.resolveEnded(reason)
    void this.reporter.finish().then((delivered) => {
      if (!delivered) this.log.warn('the app did not take the final call report')
      this.resolveEnded(reason)
    })
  }

  private receive(text: string): void {
    const receivedAtMs = this.options.probe ? performance.now() : 0
    this.lastTwilioMessageMs = this.options.pacer.now()
    // The hot path, 50 frames and 10 mark echoes a second per call: the one field we need,
    // without building the message.
    if (this.persona) {
      const payload = mediaPayloadFast(text)
      if (payload !== undefined) return this.callerAudio(payload, receivedAtMs)
      const markName = markNameFast(text)
      if (markName !== undefined) return this.playback!.markPlayed(markName)
    }
    const parsed = parseTwilioMessage(text)
    if (!parsed.ok) return this.log.warn('ignored a stream message', { reason: parsed.reason })
    const message: TwilioMessage = parsed.message
    switch (message.event) {
      case 'start':
        return this.start(message)
      case 'media':
        return this.callerAudio(message.media.payload, receivedAtMs)
      case 'mark':
        return this.playback?.markPlayed(message.mark.name)
      case 'stop':
        return this.end('twilio sent stop')
      case 'dtmf':
        return this.keypad(message.dtmf.digit)
      case 'connected':
        return
    }
  }

  private start(message: TwilioStart): void {
    if (this.persona || this.admitting || this.finished) return
    clearTimeout(this.timer)
    const token = message.start.customParameters.token
    if (token) this.log.protect(token)
    this.streamSid = message.streamSid
    const auth = authorizeStream(message, this.options.streamSecret, this.options.nowMs?.())
    if (!auth.ok) return this.refuse(`stream token ${auth.reason}`, message.start.callSid)
    this.admitting = true
    void this.admit(message, auth.session, auth.claim)
  }

  /**
   * The checks that need the app: the upgrade was signed by the account the token names, and
   * this is the token's first use. Caller audio that arrives meanwhile is not forwarded (no
   * session yet); any failure, the app's silence included, refuses the stream.
   */
  private async admit(message: TwilioStart, session: StreamSession, claim: StreamTokenClaim): Promise<void> {
    const { gate } = this.options
    let refusal: string | undefined
    try {
      let authToken = await gate.authToken(session.accountSid)
      if (authToken && !upgradeSignedBy(authToken, this.upgrade)) {
        // The account's token may have been rotated since we cached it.
        gate.forget(session.accountSid)
        authToken = await gate.authToken(session.accountSid)
      }
      if (!authToken) refusal = 'unknown account'
      else if (!upgradeSignedBy(authToken, this.upgrade)) refusal = this.upgrade.signature ? 'bad upgrade signature' : 'unsigned upgrade'
      else {
        const verdict = await gate.claim(claim)
        if (verdict !== 'claimed') refusal = `stream token ${verdict}`
      }
    } catch (error) {
      this.log.error('could not check the stream with the app', { error })
      refusal = 'the app could not confirm the stream'
    }
    if (this.finished) return
    if (refusal) return this.refuse(refusal, message.start.callSid)
    // The session the app asked for while answering, if it was opened for this very token.
    const parked = await this.options.preWarmer?.adopt(session.callSid, claim.jti)
    const context = parked ? parked.context : await this.options.receptionist?.context(session.callSid)
    if (this.finished) return parked?.close()
    this.accept(message, session, context ?? null, parked ?? undefined)
  }

  private accept(message: TwilioStart, session: StreamSession, context: CallContext | null, parked?: ParkedSession): void {
    this.callSid = session.callSid
    this.log = this.log.child({ callSid: this.callSid, streamSid: this.streamSid, organizationId: session.organizationId })
    this.persona = parked?.persona ?? callPersona(session, context)
    if (context) this.guard = new BargeInGuard(context.minBargeInMs)
    this.audio = parked?.audio ?? createAudioPath(session.audioFormat)
    this.callerBatch = new CallerAudioBatch(this.options.framesPerAppend ?? DEFAULT_FRAMES_PER_APPEND, this.audio.realtimeFrameBytes, (audio) => this.realtime?.appendAudio(audio))
    const streamSid = message.streamSid
    this.playback = new Playback(
      {
        send: (audio, markName) => {
          this.stats.chunksOut++
          if (this.turnEndedAtMs !== undefined && this.playback!.currentItemId !== HOLD_ITEM) this.answerStarted()
          this.sendToTwilio(mediaMessage(streamSid, audio), markMessage(streamSid, markName))
        },
        clear: () => this.sendToTwilio(clearMessage(streamSid)),
      },
      {
        pacer: this.options.pacer,
        leadMs: this.options.leadMs,
        chunkMs: this.options.chunkMs,
        onIdle: () => {
          this.keepHolding()
          this.settleSpeech(false)
        },
        onSend: this.options.probe && ((lateMs) => this.options.probe!.outbound(lateMs)),
      },
    )
    // Only a call the app knows (it gave its context) has somewhere to be reported.
    if (this.options.reportCall && context) {
      const snapshot = () => ({ turns: this.memory.turns(), usage: { ...this.usage }, turnLatenciesMs: [...this.turnLatenciesMs] })
      this.reporter = new CallReporter(session.callSid, snapshot, { send: this.options.reportCall, intervalMs: this.options.reportIntervalMs })
    }
    this.log.info('stream accepted', { audioFormat: session.audioFormat, voice: session.voice, preWarmed: Boolean(parked) })
    this.watch()
    this.connect(parked)
  }

  private watch(): void {
    const limits = { ...DEFAULT_WATCHDOG, ...this.options.watchdog }
    this.lastTwilioMessageMs = this.options.pacer.now()
    this.watchdogTimer = setInterval(() => {
      const now = this.options.pacer.now()
      if (now - this.lastTwilioMessageMs > limits.twilioSilentMs) return this.handBack(`twilio sent nothing for ${limits.twilioSilentMs} ms`)
      if (this.playback!.unconfirmedForMs(now) > limits.unplayedMs) return this.handBack(`twilio has not played audio sent ${limits.unplayedMs} ms ago`)
      if (this.socket.bufferedAmount > limits.maxBufferedBytes) return this.handBack(`twilio is not reading its socket (${this.socket.bufferedAmount} bytes queued)`)
    }, limits.intervalMs)
    this.watchdogTimer.unref()
  }

  /**
   * A keypad digit reaches the model as text, so "press 1 for…" works with the receptionist. A
   * key interrupts the assistant as speech would (as a digit barges in on a <Gather> prompt).
   */
  private keypad(digit: string): void {
    this.log.info('dtmf', { digit })
    if (!this.ready || !this.realtime) return
    this.bargeIn()
    this.realtime.note(`The caller pressed ${digit} on the keypad.`)
  }

  private refuse(reason: string, claimedCallSid?: string): void {
    // The callSid is unverified here: logged as claimed, for tracing abuse.
    this.log.warn('stream refused', { reason, claimedCallSid })
    if (this.socket.readyState === this.socket.OPEN) this.socket.close(POLICY_VIOLATION, reason)
    this.end(`refused: ${reason}`)
  }

  private callerAudio(payload: string, receivedAtMs: number): void {
    if (!this.persona && !this.admitting) return
    this.stats.framesIn++
    if (!this.ready || !this.realtime) return this.holdBack(payload)
    if (this.guard.isListening) this.heard(this.guard.frame(Buffer.from(payload, 'base64'), FRAME_MS))
    this.forward(this.audio!.toRealtime(payload))
    this.options.probe?.inbound(payload, receivedAtMs)
  }

  /**
   * Until the first session is ready (the app confirming the stream, the Realtime API
   * connecting) the caller may already be speaking: the latest 2 s are kept, as Twilio sent
   * them, and sent once it is. During a reconnection the caller hears the hold chime instead.
   */
  private holdBack(payload: string): void {
    if (this.everReady) {
      this.stats.framesDropped++
    } else if (this.earlyAudio.push(payload) > EARLY_AUDIO_FRAMES) {
      this.earlyAudio.shift()
      this.stats.framesDropped++
    }
  }

  private forward(frame: string): void {
    this.callerBatch!.add(frame)
    this.stats.framesForwarded++
  }

  /**
   * A tool the model called, run by the app. A transfer or a hang-up waits until what the
   * assistant said before it ("I'll put you through", "goodbye") has been heard; once it has
   * succeeded the call leaves the stream. Every other answer goes back to the model.
   */
  private async toolCall(callId: string, name: string, args: string): Promise<void> {
    const receptionist = this.options.receptionist
    this.log.info('tool call', { name, callId })
    const leavesStream = name === 'transfer_call' || name === 'end_call'
    if (leavesStream) await this.speechHeard()
    if (this.finished) return
    const outcome = receptionist ? await receptionist.runTool(this.callSid!, { callId, name, arguments: args }) : ({ ok: false, error: 'Tools are not available on this call.' } as const)
    this.log.info('tool result', { name, callId, ok: outcome.ok })
    if (this.finished || (leavesStream && outcome.ok)) return
    this.realtime?.toolOutput(callId, JSON.stringify(outcome))
  }

  private speechHeard(): Promise<void> {
    if (this.speechSettled()) return Promise.resolve()
    return new Promise((resolve) => this.speechWaiters.push(resolve))
  }

  private speechSettled(): boolean {
    return !this.activeResponseId && this.playback!.isIdle
  }

  private settleSpeech(force: boolean): void {
    if (!force && !this.speechSettled()) return
    const waiters = this.speechWaiters
    this.speechWaiters = []
    for (const resolve of waiters) resolve()
  }

  /** Asks again (the greeting, if that is what failed), a bounded number of times. */
  private responseFailed(reason: string): void {
    this.responseFailures++
    if (this.responseFailures > RESPONSE_RETRIES) return this.handBack(`${this.responseFailures} responses failed in a row, the last ${reason}`)
    this.log.warn('realtime response failed; asking again', { reason, attempt: this.responseFailures, of: RESPONSE_RETRIES })
    const persona = this.persona!
    if (this.greetingPending) this.realtime?.greet(persona.greeting, persona.instructions)
    else this.realtime?.respond()
  }

  /** Opens the call's Realtime session, or takes over the pre-warmed one (only ever for the first). */
  private connect(parked?: ParkedSession): void {
    const persona = this.persona!
    const events: RealtimeEvents = {
      ready: () => {
        this.ready = true
        this.everReady = true
        this.failures = 0
        if (this.playback!.currentItemId === HOLD_ITEM) this.playback!.clear()
        if (!this.greeted && persona.greeting) {
          this.realtime?.greet(persona.greeting, persona.instructions)
          this.greetingPending = true
        }
        // A replacement session: the conversation goes on where it was.
        else if (this.greeted) this.realtime?.restore(this.memory.turns())
        this.greeted = true
        this.log.info('realtime session ready', { earlyFrames: this.earlyAudio.length })
        for (const frame of this.earlyAudio) this.forward(this.audio!.toRealtime(frame))
        this.earlyAudio = []
      },
      responseStarted: (responseId) => (this.activeResponseId = responseId),
      responseDone: (responseId, status, detail) => {
        if (this.activeResponseId === responseId) this.activeResponseId = undefined
        this.settleSpeech(false)
        const audible = this.audibleResponses.delete(responseId)
        // A failed response, or an incomplete one that said nothing, would leave the caller in silence.
        if (status === 'failed' || (status === 'incomplete' && !audible)) return this.responseFailed(`${status}${detail ? ` (${detail})` : ''}`)
        if (status === 'completed') {
          this.responseFailures = 0
          this.greetingPending = false
        }
      },
      audio: (responseId, itemId, delta) => {
        if (responseId === this.cancelledResponseId) return
        this.audibleResponses.add(responseId)
        if (this.answerTiming) this.answerTiming.firstDeltaAtMs ??= performance.now()
        const mulaw = this.audio!.toTwilio(delta)
        this.memory.assistantAudio(itemId, mulaw.length / MULAW_BYTES_PER_MS)
        this.playback!.enqueue(itemId, mulaw)
      },
      itemAdded: (itemId, speaker) => this.memory.added(itemId, speaker),
      functionCall: (callId, name, args) => void this.toolCall(callId, name, args),
      transcript: (itemId, speaker, text) => {
        this.memory.transcript(itemId, speaker, text)
        this.reporter?.changed()
      },
      speechStarted: (_audioStartMs, itemId) => {
        // The caller's turn begins when they start speaking, not when VAD commits it at its end.
        this.memory.added(itemId, 'caller')
        this.heard(this.guard.speechStarted())
      },
      speechStopped: () => {
        this.turnEndedAtMs = this.options.pacer.now()
        if (this.options.probe) this.answerTiming = { stoppedAtMs: performance.now() }
        this.heard(this.guard.speechStopped())
      },
      usage: (used) => {
        for (const [key, tokens] of Object.entries(used) as Array<[keyof TokenUsage, number]>) this.usage[key] += tokens
        this.reporter?.changed()
      },
      // A response can finish on the server while our cancel is on its way: an expected race.
      apiError: (code, message) =>
        code === 'response_cancel_not_active' ? this.log.debug('cancel arrived after the response ended') : this.log.warn('realtime error event', { code, message }),
      closed: (reason) => this.realtimeLost(reason),
    }
    this.realtime = parked ? parked.attach(events) : this.options.connectRealtime(persona, this.audio!, events)
  }

  /** The first audio of an answer left for Twilio: the turn's latency, end of speech to sound. */
  private answerStarted(): void {
    this.turnLatenciesMs.push(Math.round(this.options.pacer.now() - this.turnEndedAtMs!))
    this.turnEndedAtMs = undefined
    const timing = this.answerTiming
    if (timing?.firstDeltaAtMs !== undefined) this.options.probe!.answer?.(timing.firstDeltaAtMs - timing.stoppedAtMs, performance.now() - timing.firstDeltaAtMs)
    this.answerTiming = undefined
    this.reporter?.changed()
  }

  private heard(verdict: GuardVerdict): void {
    if (verdict === 'interrupt') this.bargeIn()
  }

  /**
   * The caller spoke over the assistant: silence the line (Twilio `clear`), stop generating
   * (`response.cancel`), and cut the assistant's item to what was heard
   * (`conversation.item.truncate`), as OpenAI's Realtime guide asks of WebSocket clients that
   * play audio themselves, so the model does not believe the caller heard the rest.
   */
  private bargeIn(): void {
    const cleared = this.playback!.clear()
    const responseId = this.activeResponseId
    if (responseId) {
      this.realtime?.cancelResponse(responseId)
      this.cancelledResponseId = responseId
      this.activeResponseId = undefined
    }
    if (cleared.itemId && cleared.itemId !== HOLD_ITEM) {
      this.realtime?.truncate(cleared.itemId, cleared.playedMs)
      this.memory.interrupted(cleared.itemId, cleared.playedMs)
      this.reporter?.changed()
    }
    this.audio!.resetOutbound()
    if (responseId || cleared.itemId) {
      this.stats.bargeIns++
      this.log.info('barge-in', { cancelledResponseId: responseId, truncatedItemId: cleared.itemId, audioEndMs: cleared.playedMs })
    }
  }

  private realtimeLost(reason: string): void {
    if (this.finished) return
    this.realtime = undefined
    this.ready = false
    this.activeResponseId = undefined
    this.callerBatch!.reset()
    const retryDelays = this.options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS
    this.failures++
    if (this.failures > retryDelays.length) return this.handBack(`realtime unavailable after ${retryDelays.length} retries: ${reason}`)
    this.log.warn('realtime connection lost; retrying', { reason, attempt: this.failures, of: retryDelays.length, delayMs: retryDelays[this.failures - 1] })
    if (this.playback!.currentItemId !== HOLD_ITEM) this.playback!.clear()
    this.keepHolding()
    this.timer = setTimeout(() => {
      this.stats.reconnects++
      this.connect()
    }, retryDelays[this.failures - 1])
  }

  /** Loops the hold chime while a lost Realtime session is being re-established. */
  private keepHolding(): void {
    if (!this.ready && this.failures > 0 && !this.finished) this.playback!.enqueue(HOLD_ITEM, this.options.holdAudio)
  }

  private handBack(reason: string): void {
    if (this.finished) return
    this.log.warn('handing the call back to the app', { reason })
    this.options.onHandBack({ callSid: this.callSid!, streamSid: this.streamSid!, reason })
    // Closing our end finishes <Connect><Stream>: Twilio goes on with the next TwiML verb.
    this.end(`handed back: ${reason}`)
  }

  /** A chunk and its mark leave corked: one write, not one system call each. */
  private sendToTwilio(first: string, second?: string): void {
    if (this.socket.readyState !== this.socket.OPEN) return
    this.transport?.cork()
    this.socket.send(first)
    if (second !== undefined) this.socket.send(second)
    this.transport?.uncork()
  }
}
