/**
 * One Realtime WebSocket connection: session configuration, the input audio buffer with
 * server VAD, the conversation, and at most one response writing to it at a time. Client
 * events are handled in arrival order; responses stream in the background so that
 * `response.cancel` and barge-in can stop them.
 */
import type { WebSocket } from 'ws'
import { decodeAudio, durationMsOf, sampleRateOf } from './audio-format'
import type { Behavior, ResponseContext, ResponseRequest, SessionContext, UserTurn } from './behavior'
import { Conversation } from './conversation'
import { newId } from './ids'
import { createItem, deleteItem, retrieveItem, truncateItem, type ItemOutcome } from './item-events'
import { concatSamples } from './pcm'
import { ResponseRun, type ResponseOutput } from './response'
import { applySessionUpdate, defaultSession, parseResponseParams, SESSION_LIFETIME_MS, type SessionConfig, type TurnDetection } from './session-config'
import { redactAudio, type SessionLog } from './session-log'
import { hasEspeak, loadClip, speak, type SpeechSource } from './speech'
import { transcriptionUsage } from './usage'
import { EnergyVad, type VadSettings, type VadTransition } from './vad'

export interface SessionOptions {
  model: string
  behavior: () => Behavior
  speedup: number
  chunkMs: number
  speechSource: SpeechSource
  log: SessionLog
  /** How long the session lasts before the API ends it (default 60 minutes, as OpenAI's). */
  lifetimeMs?: number
}

interface ErrorDetail {
  code: string | null
  message: string
  param?: string | null
  type?: string
}

/** Semantic VAD waits longer or shorter by eagerness; the energy detector approximates it with silence. */
const SEMANTIC_SILENCE_MS = { low: 1200, medium: 600, auto: 600, high: 300 }
const MIN_COMMIT_MS = 100
const MAX_TURN_AUDIO_MS = 60_000

export class RealtimeSession {
  readonly log: SessionLog
  private config: SessionConfig
  private readonly conversation = new Conversation()
  private readonly conversationId = newId('conv')
  private readonly openedAtMs = Date.now()
  private vad?: EnergyVad
  private vadKey = ''
  private audioClockMs = 0
  private bufferedMs = 0
  /** Decoded audio since the last commit or clear, kept for the committed turn (bounded). */
  private bufferedAudio: Int16Array[] = []
  private pendingSpeech?: { itemId: string; audioStartMs: number }
  private lastUserTurn?: UserTurn
  private active?: ResponseRun
  private responseCount = 0
  private voiceLocked = false
  private expiry?: NodeJS.Timeout

  constructor(
    private readonly socket: WebSocket,
    private readonly options: SessionOptions,
  ) {
    this.log = options.log
    const lifetimeMs = options.lifetimeMs ?? SESSION_LIFETIME_MS
    this.config = defaultSession(options.model, this.openedAtMs, lifetimeMs)
    this.log.sessionId = this.config.id
    this.refreshVad()
    this.expiry = setTimeout(() => this.expire(lifetimeMs), lifetimeMs)
    socket.on('message', (data) => this.receive(data.toString()))
    socket.on('close', (code) => {
      clearTimeout(this.expiry)
      this.active?.dispose()
      this.log.closedAt = new Date()
      this.log.closeCode = code
    })
  }

  open(): void {
    this.send({ type: 'session.created', session: this.config })
    this.send({ type: 'conversation.created', conversation: { id: this.conversationId, object: 'realtime.conversation' } })
    this.runHook((behavior) => behavior.onSessionStart?.(this.context()))
  }

  private receive(text: string): void {
    let event: Record<string, unknown>
    try {
      event = JSON.parse(text)
      if (typeof event !== 'object' || event === null || Array.isArray(event)) throw new Error('not an object')
    } catch {
      this.sendError({ code: 'invalid_json', message: "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly.)", param: null })
      return
    }
    this.log.events.push({ direction: 'client', type: String(event.type), atMs: this.elapsedMs(), event: redactAudio(event) })
    this.dispatch(event, typeof event.event_id === 'string' ? event.event_id : null)
  }

  private dispatch(event: Record<string, unknown>, clientEventId: string | null): void {
    const fail = (detail: ErrorDetail) => this.sendError(detail, clientEventId)
    switch (event.type) {
      case 'session.update': {
        const result = applySessionUpdate(this.config, event.session, { voiceLocked: this.voiceLocked })
        if (!result.ok) return fail(result.error)
        this.config = result.session
        this.refreshVad()
        return this.send({ type: 'session.updated', session: this.config })
      }
      case 'input_audio_buffer.append':
        return this.append(event.audio, fail)
      case 'input_audio_buffer.commit':
        return this.commitManually(fail)
      case 'input_audio_buffer.clear':
        this.bufferedMs = 0
        this.bufferedAudio = []
        this.pendingSpeech = undefined
        this.vad?.restartAt(this.audioClockMs)
        return this.send({ type: 'input_audio_buffer.cleared' })
      case 'conversation.item.create':
        return this.apply(createItem(this.conversation, event), fail)
      case 'conversation.item.truncate':
        return this.apply(truncateItem(this.conversation, event), fail)
      case 'conversation.item.delete':
        return this.apply(deleteItem(this.conversation, event), fail)
      case 'conversation.item.retrieve':
        return this.apply(retrieveItem(this.conversation, event), fail)
      case 'response.create':
        return this.createResponse('client', event.response, fail)
      case 'response.cancel': {
        const wanted = event.response_id
        const cancelled = (wanted === undefined || wanted === this.active?.id) && this.active?.cancel('client_cancelled')
        if (!cancelled) fail({ code: 'response_cancel_not_active', message: 'Cancellation failed: no active response found', param: null })
        return
      }
      case 'output_audio_buffer.clear':
        // Documented as WebRTC/SIP only: over a WebSocket the client owns playback.
        return fail({ code: 'invalid_value', message: "Invalid value: 'output_audio_buffer.clear' is only supported for WebRTC and SIP connections.", param: 'type' })
      default:
        return fail({
          code: 'invalid_value',
          param: 'type',
          message: `Invalid value: '${String(event.type)}'. Supported values are: 'session.update', 'input_audio_buffer.append', 'input_audio_buffer.commit', 'input_audio_buffer.clear', 'conversation.item.create', 'conversation.item.truncate', 'conversation.item.delete', 'conversation.item.retrieve', 'response.create', and 'response.cancel'.`,
        })
    }
  }

  private apply(outcome: ItemOutcome, fail: (detail: ErrorDetail) => void): void {
    if ('error' in outcome) return fail(outcome.error)
    for (const event of outcome.events) this.send(event)
  }

  private append(audio: unknown, fail: (detail: ErrorDetail) => void): void {
    if (typeof audio !== 'string') return fail({ code: 'missing_required_parameter', message: "Missing required parameter: 'audio'.", param: 'audio' })
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(audio)) return fail({ code: 'invalid_value', message: "Invalid 'audio'. Expected base64-encoded audio bytes.", param: 'audio' })
    const format = this.config.audio.input.format
    const samples = decodeAudio(format, Buffer.from(audio, 'base64'))
    if (this.bufferedMs < MAX_TURN_AUDIO_MS) this.bufferedAudio.push(samples)
    for (const transition of this.vad?.push(samples) ?? []) this.onVad(transition)
    const ms = durationMsOf(format, Buffer.byteLength(audio, 'base64'))
    this.audioClockMs += ms
    this.bufferedMs += ms
  }

  private onVad(transition: VadTransition): void {
    const turnDetection = this.config.audio.input.turn_detection
    if (transition.kind === 'speech_started') {
      const itemId = newId('item')
      this.pendingSpeech = { itemId, audioStartMs: transition.audioStartMs }
      this.send({ type: 'input_audio_buffer.speech_started', audio_start_ms: Math.round(transition.audioStartMs), item_id: itemId })
      // interrupt_response: "automatically interrupt (cancel) any ongoing response ... when a VAD start event occurs"
      if (turnDetection?.interrupt_response !== false) this.active?.cancel('turn_detected')
      return
    }
    const speech = this.pendingSpeech
    if (!speech) return
    this.send({ type: 'input_audio_buffer.speech_stopped', audio_end_ms: Math.round(transition.audioEndMs), item_id: speech.itemId })
    this.commit(speech.itemId, speech.audioStartMs, transition.audioEndMs)
    if (turnDetection?.create_response !== false && !this.active) this.createResponse('turn_detected', undefined, () => {})
  }

  private commitManually(fail: (detail: ErrorDetail) => void): void {
    if (this.bufferedMs < MIN_COMMIT_MS) {
      return fail({
        code: 'input_audio_buffer_commit_empty',
        message: `Error committing input audio buffer: buffer too small. Expected at least ${MIN_COMMIT_MS}ms of audio, but buffer only has ${this.bufferedMs.toFixed(2)}ms of audio.`,
        param: null,
      })
    }
    const speech = this.pendingSpeech
    this.commit(speech?.itemId ?? newId('item'), speech?.audioStartMs ?? this.audioClockMs - this.bufferedMs, this.audioClockMs)
  }

  /** The buffer becomes a user message item: `committed`, then the item's `added` and `done`. */
  private commit(itemId: string, audioStartMs: number, audioEndMs: number): void {
    const item = { id: itemId, object: 'realtime.item' as const, type: 'message' as const, status: 'completed' as const, role: 'user' as const, content: [{ type: 'input_audio', transcript: null }] }
    const previous = this.conversation.insert({ item, audioMs: audioEndMs - audioStartMs })
    this.send({ type: 'input_audio_buffer.committed', previous_item_id: previous, item_id: itemId })
    this.send({ type: 'conversation.item.added', previous_item_id: previous, item })
    this.send({ type: 'conversation.item.done', previous_item_id: previous, item })
    const turn: UserTurn = {
      itemId,
      audioStartMs: Math.round(audioStartMs),
      audioEndMs: Math.round(audioEndMs),
      audio: { samples: concatSamples(this.bufferedAudio), sampleRate: sampleRateOf(this.config.audio.input.format) },
    }
    this.pendingSpeech = undefined
    this.bufferedMs = 0
    this.bufferedAudio = []
    this.vad?.restartAt(audioEndMs)
    this.lastUserTurn = turn
    this.runHook((behavior) => behavior.onUserTurn?.(this.context(), turn))
    if (this.config.audio.input.transcription) this.runHook((behavior) => this.transcribe(behavior, turn))
  }

  /** Transcription runs beside the response, as OpenAI's does ("may come before or after the Response events"). */
  private async transcribe(behavior: Behavior, turn: UserTurn): Promise<void> {
    const transcript = (await behavior.transcribe?.(this.context(), turn)) ?? ''
    const model = String((this.config.audio.input.transcription as { model?: string }).model ?? 'whisper-1')
    const ids = { item_id: turn.itemId, content_index: 0 }
    if (transcript) this.send({ type: 'conversation.item.input_audio_transcription.delta', ...ids, delta: transcript })
    const usage = transcriptionUsage(model, turn.audioEndMs - turn.audioStartMs, transcript)
    this.send({ type: 'conversation.item.input_audio_transcription.completed', ...ids, transcript, usage })
  }

  private createResponse(trigger: ResponseRequest['trigger'], rawParams: unknown, fail: (detail: ErrorDetail) => void): void {
    const parsed = parseResponseParams(rawParams)
    if (!parsed.ok) return fail(parsed.error)
    if (this.active) {
      return fail({
        code: 'conversation_already_has_active_response',
        message: `Conversation already has an active response in progress: ${this.active.id}. Wait until the response is finished before creating a new one.`,
        param: null,
      })
    }
    const params = parsed.params
    const instructions = params.instructions ?? this.config.instructions
    const run = new ResponseRun(
      {
        send: (event) => this.send(event),
        conversation: this.conversation,
        onAudioSent: () => (this.voiceLocked = true),
        onFinished: (finished) => {
          if (this.active === finished) this.active = undefined
        },
      },
      {
        conversationId: this.conversationId,
        outputModalities: params.outputModalities ?? this.config.output_modalities,
        format: params.format ?? this.config.audio.output.format,
        voice: params.voice ?? this.config.audio.output.voice,
        maxOutputTokens: params.maxOutputTokens ?? this.config.max_output_tokens,
        metadata: params.metadata,
        speedup: this.options.speedup,
        chunkMs: this.options.chunkMs,
        input: {
          inputText: [instructions, this.config.tools.length ? JSON.stringify(this.config.tools) : '', this.conversation.text()].join('\n'),
          userAudioMs: this.conversation.audioMs('user'),
          assistantAudioMs: this.conversation.audioMs('assistant'),
        },
      },
    )
    this.active = run
    run.start()
    const request: ResponseRequest = {
      trigger,
      instructions,
      responseIndex: this.responseCount++,
      userTurn: this.lastUserTurn,
      conversation: this.conversation.items.map((entry) => structuredClone(entry.item)),
    }
    this.lastUserTurn = undefined
    void this.produce(run, request)
  }

  private async produce(run: ResponseRun, request: ResponseRequest): Promise<void> {
    const outputs: Array<ResponseOutput | Promise<ResponseOutput>> = []
    const ctx: ResponseContext = {
      ...this.context(),
      responseId: run.id,
      textToSpeech: this.options.speechSource === 'auto' && (await hasEspeak()),
      say: (line) =>
        outputs.push(
          typeof line === 'string'
            ? speak(line, this.options.speechSource).then((speech) => ({ kind: 'speech', speech }))
            : { kind: 'speech', speech: loadClip(line.clip) },
        ),
      callFunction: (name, args) => outputs.push({ kind: 'function_call', name, arguments: typeof args === 'string' ? args : JSON.stringify(args) }),
      fail: (code, message) => run.fail(code, message),
    }
    try {
      await this.options.behavior().onResponse?.(ctx, request)
      await run.play(await Promise.all(outputs))
    } catch (error) {
      run.fail('server_error', error instanceof Error ? error.message : String(error))
    }
  }

  private refreshVad(): void {
    const turnDetection = this.config.audio.input.turn_detection
    const format = this.config.audio.input.format
    const key = JSON.stringify([turnDetection, format])
    if (key === this.vadKey) return
    this.vadKey = key
    this.pendingSpeech = undefined
    this.vad = turnDetection ? new EnergyVad(vadSettings(turnDetection), sampleRateOf(format), this.audioClockMs) : undefined
  }

  private context(): SessionContext {
    return {
      sessionId: this.config.id,
      session: this.config,
      error: (code, message, options) => this.sendError({ code, message, param: options?.param ?? null, type: options?.type }),
      sendEvent: (event) => this.send(event),
      closeSocket: (code = 1000, reason = '') => this.socket.close(code, reason),
      dropSocket: () => this.socket.terminate(),
      stopAnswering: () => {
        // The TCP connection stays up but nothing is read: no events, no pongs.
        this.socket.pause()
        this.active?.dispose()
      },
    }
  }

  /**
   * OpenAI ends a session at its maximum duration: an `error` (`session_expired`, no event_id),
   * then a close with 1001 "going away" and the same words.
   */
  private expire(lifetimeMs: number): void {
    const message = `Your session hit the maximum duration of ${Math.round(lifetimeMs / 60_000)} minutes.`
    this.sendError({ code: 'session_expired', message, param: null })
    this.socket.close(1001, message)
  }

  private runHook(hook: (behavior: Behavior) => void | Promise<void>): void {
    Promise.resolve()
      .then(() => hook(this.options.behavior()))
      .catch((error: unknown) => this.sendError({ code: 'server_error', type: 'server_error', message: String(error), param: null }))
  }

  private sendError(detail: ErrorDetail, clientEventId: string | null = null): void {
    const { type = 'invalid_request_error', code, message, param = null } = detail
    this.send({ type: 'error', error: { type, code, message, param, event_id: clientEventId } })
  }

  private send(event: Record<string, unknown>): void {
    if (this.socket.readyState !== this.socket.OPEN) return
    const stamped = { event_id: newId('event'), ...event }
    this.socket.send(JSON.stringify(stamped))
    this.log.events.push({ direction: 'server', type: String(event.type), atMs: this.elapsedMs(), event: redactAudio(stamped) })
  }

  private elapsedMs(): number {
    return Date.now() - this.openedAtMs
  }
}

function vadSettings(turnDetection: TurnDetection): VadSettings {
  if (turnDetection.type === 'semantic_vad') {
    return { threshold: 0.5, prefixPaddingMs: 300, silenceDurationMs: SEMANTIC_SILENCE_MS[turnDetection.eagerness ?? 'auto'] }
  }
  return {
    threshold: turnDetection.threshold ?? 0.5,
    prefixPaddingMs: turnDetection.prefix_padding_ms ?? 300,
    silenceDurationMs: turnDetection.silence_duration_ms ?? 500,
  }
}
