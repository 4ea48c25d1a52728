/**
 * One OpenAI Realtime session over openai's `OpenAIRealtimeWS` (GA protocol), reduced to what
 * a phone call needs: configure it, stream caller audio in, get assistant audio and turn
 * events out. The bridge decides what to do with them.
 */
import OpenAI from 'openai'
import type { ConversationItem, RealtimeClientEvent, RealtimeFunctionTool, RealtimeResponse, RealtimeServerEvent, RealtimeSessionCreateRequest } from 'openai/resources/realtime/realtime'
import { OpenAIRealtimeWS } from 'openai/realtime/ws'
import type { AudioPath } from './audio-path'
import type { TurnDetectionSetting } from './receptionist-app'
import type { TokenUsage } from './call-report'
import type { Speaker, Turn } from './conversation-memory'
import type { RealtimeEndpoint } from './config'

export interface CallPersona {
  instructions: string
  voice: string
  greeting: string
  /** Function tools the model may call (lib/receptionist/tools.ts); none when the app gave no context. */
  tools?: RealtimeFunctionTool[]
  /** The organization's turn detection and language; the API's defaults without them. */
  turnDetection?: TurnDetectionSetting
  language?: string
}

export interface RealtimeEvents {
  /** `session.updated`: our configuration is in effect. */
  ready(): void
  responseStarted(responseId: string): void
  /** `detail`: why a response did not complete (`status_details`: an error code or a reason). */
  responseDone(responseId: string, status: string, detail?: string): void
  /** Assistant audio, still in the session's format (base64 `delta`). */
  audio(responseId: string, itemId: string, delta: string): void
  /** Server VAD heard the caller start speaking; `itemId` is the caller's item to come. */
  speechStarted(audioStartMs: number, itemId: string): void
  /** …and stop (the end of a turn, or of a noise). */
  speechStopped(): void
  /** A caller or assistant message joined the conversation (its place in the order). */
  itemAdded(itemId: string, speaker: Speaker): void
  /** What a message said: the caller's from input transcription, the assistant's from its audio. */
  transcript(itemId: string, speaker: Speaker, text: string): void
  /** Tokens a response or an input transcription used (added to the call's usage). */
  usage(usage: Partial<TokenUsage>): void
  /** The model calls a tool: `args` is its JSON text, as the model wrote it. */
  functionCall(callId: string, name: string, args: string): void
  /** An `error` event that leaves the session usable (e.g. a cancel that came too late). */
  apiError(code: string | null | undefined, message: string): void
  /**
   * The session is gone without our asking: it failed to connect, was dropped or expired, the
   * API refused our configuration, or it stopped answering. The socket is already closed.
   */
  closed(reason: string): void
}

/** How long a session may take to be configured, and how its socket is watched once open. */
export interface Liveness {
  /** From the socket opening to `session.updated` (default 5 s). */
  readyTimeoutMs: number
  /** A ping this often; no pong before the next one means the socket stopped answering (default 5 s). */
  pingIntervalMs: number
}

export const DEFAULT_LIVENESS: Liveness = { readyTimeoutMs: 5000, pingIntervalMs: 5000 }

export interface RealtimeSession {
  appendAudio(audio: string): void
  /** Asks for the greeting, spoken before anything else. */
  greet(greeting: string, instructions: string): void
  /** Asks for a response to the conversation so far (after a failed one). */
  respond(): void
  /** A tool's answer (JSON text), and a response to it. */
  toolOutput(callId: string, output: string): void
  /** Gives a replacement session the conversation so far, as items, before anything else happens in it. */
  restore(turns: readonly Turn[]): void
  /** Tells the model something the caller did that is not speech (a keypad digit), and asks it to answer. */
  note(text: string): void
  cancelResponse(responseId: string): void
  /** Cuts an assistant item's audio to what the caller heard, so the model knows where it was interrupted. */
  truncate(itemId: string, audioEndMs: number): void
  close(): void
}

export type RealtimeConnector = (persona: CallPersona, audio: AudioPath, events: RealtimeEvents) => RealtimeSession

export function sessionUpdate(persona: CallPersona, audio: AudioPath): RealtimeClientEvent {
  const session: RealtimeSessionCreateRequest = {
    type: 'realtime',
    instructions: persona.instructions,
    output_modalities: ['audio'],
    audio: {
      input: {
        format: audio.realtimeFormat,
        turn_detection: turnDetection(persona.turnDetection),
        // The caller's words as text: for the call's transcript, and to carry the conversation
        // into a replacement session (conversation-memory.ts).
        transcription: { model: 'gpt-4o-mini-transcribe', ...(persona.language ? { language: persona.language } : {}) },
      },
      output: { format: audio.realtimeFormat, voice: persona.voice },
    },
    ...(persona.tools?.length ? { tools: persona.tools, tool_choice: 'auto' as const } : {}),
  }
  return { type: 'session.update', session }
}

/**
 * The bridge owns barge-in (interrupt_response off): only it knows how much of the answer the
 * caller heard, and it must clear Twilio's buffer, cancel and truncate together. The model still
 * answers each finished turn by itself (create_response).
 */
function turnDetection(setting: TurnDetectionSetting | undefined) {
  const owned = { create_response: true, interrupt_response: false }
  if (setting?.type === 'semantic_vad') return { type: 'semantic_vad' as const, eagerness: setting.eagerness, ...owned }
  return { type: 'server_vad' as const, ...(setting ? { threshold: setting.threshold, silence_duration_ms: setting.silenceMs } : {}), ...owned }
}

/** Response-level instructions replace the session's for the greeting alone, so they repeat them. */
export function greetingInstructions(greeting: string, instructions: string): string {
  return `Begin the call by saying exactly "${greeting}" and nothing else.\n\n${instructions}`
}

/** A response's billed tokens (cached input is billed at its own, lower, rate). */
function responseUsage(usage: NonNullable<RealtimeResponse['usage']>): Partial<TokenUsage> {
  const input = usage.input_token_details
  const cached = input?.cached_tokens_details
  return {
    inputTextTokens: (input?.text_tokens ?? 0) - (cached?.text_tokens ?? 0),
    inputAudioTokens: (input?.audio_tokens ?? 0) - (cached?.audio_tokens ?? 0),
    cachedTextTokens: cached?.text_tokens ?? 0,
    cachedAudioTokens: cached?.audio_tokens ?? 0,
    outputTextTokens: usage.output_token_details?.text_tokens ?? 0,
    outputAudioTokens: usage.output_token_details?.audio_tokens ?? 0,
  }
}

/** Connects with the `openai` package; `endpoint.ca` adds the sandbox stand-in's certificate. */
export function openAiConnector(endpoint: RealtimeEndpoint, liveness: Liveness = DEFAULT_LIVENESS): RealtimeConnector {
  const client = new OpenAI({ apiKey: endpoint.apiKey, baseURL: endpoint.baseURL })
  return (persona, audio, events) => {
    const ca = endpoint.ca?.()
    const rt = new OpenAIRealtimeWS({ model: endpoint.model, options: { handshakeTimeout: 10_000, perMessageDeflate: false, ...(ca ? { ca } : {}) } }, client)
    return wireSession(rt, persona, audio, events, liveness)
  }
}

let setupSequence = 0

function wireSession(rt: OpenAIRealtimeWS, persona: CallPersona, audio: AudioPath, events: RealtimeEvents, liveness: Liveness): RealtimeSession {
  let closedByUs = false
  let lastError = ''
  let ready = false
  let awaitingPong = false
  let readyTimer: NodeJS.Timeout | undefined
  let pingTimer: NodeJS.Timeout | undefined
  // The API names the client event an error is about (`error.event_id`): a refused
  // configuration is told apart from any other error by the id of our session.update.
  const setupEventId = `setup_${++setupSequence}`
  const send = (event: RealtimeClientEvent) => {
    if (rt.socket.readyState === rt.socket.OPEN) rt.send(event)
  }
  const stopWatching = () => {
    clearTimeout(readyTimer)
    clearInterval(pingTimer)
  }
  // Our side gives up on the session: the bridge hears why, exactly once.
  const fail = (reason: string) => {
    if (closedByUs) return
    closedByUs = true
    stopWatching()
    rt.socket.terminate()
    events.closed(reason)
  }

  rt.socket.on('open', () => {
    send({ ...sessionUpdate(persona, audio), event_id: setupEventId })
    readyTimer = setTimeout(() => fail(`no session.updated within ${liveness.readyTimeoutMs} ms`), liveness.readyTimeoutMs)
    pingTimer = setInterval(() => {
      if (awaitingPong) return fail(`the Realtime socket stopped answering (no pong within ${liveness.pingIntervalMs} ms)`)
      awaitingPong = true
      rt.socket.ping()
    }, liveness.pingIntervalMs)
  })
  rt.socket.on('pong', () => (awaitingPong = false))
  // Socket failures (refused, TLS, HTTP 401 on upgrade) and API `error` events both arrive
  // here; a listener must exist or the client turns them into unhandled rejections.
  rt.on('error', (error) => {
    if (!error.error) {
      lastError = error.message
      return
    }
    const { code, message, event_id: about } = error.error
    if (about === setupEventId && !ready) return fail(`the Realtime API refused the session configuration: ${code ?? 'error'}: ${message}`)
    // The session hit its maximum duration; the API closes the socket next (1001).
    if (code === 'session_expired') lastError = `session expired: ${message}`
    else events.apiError(code, message)
  })
  rt.socket.on('close', (code, reason) => {
    stopWatching()
    if (closedByUs) return
    closedByUs = true
    events.closed(lastError || `closed by the Realtime API (${code}${reason.length ? ` ${reason.toString()}` : ''})`)
  })
  rt.on('event', (event: RealtimeServerEvent) => {
    switch (event.type) {
      case 'session.updated':
        if (ready) return
        ready = true
        clearTimeout(readyTimer)
        return events.ready()
      case 'response.created':
        return events.responseStarted(event.response.id ?? '')
      case 'response.output_audio.delta':
        return events.audio(event.response_id, event.item_id, event.delta)
      case 'response.done':
        if (event.response.usage) events.usage(responseUsage(event.response.usage))
        return events.responseDone(event.response.id ?? '', event.response.status ?? 'completed', event.response.status_details?.error?.code ?? event.response.status_details?.reason)
      case 'input_audio_buffer.speech_started':
        return events.speechStarted(event.audio_start_ms, event.item_id)
      case 'input_audio_buffer.speech_stopped':
        return events.speechStopped()
      case 'conversation.item.added':
        if (event.item.type === 'message' && (event.item.role === 'user' || event.item.role === 'assistant') && event.item.id) {
          events.itemAdded(event.item.id, event.item.role === 'user' ? 'caller' : 'assistant')
        }
        return
      case 'conversation.item.input_audio_transcription.completed':
        if (event.usage?.type === 'tokens') events.usage({ transcriptionInputTokens: event.usage.input_tokens, transcriptionOutputTokens: event.usage.output_tokens })
        return events.transcript(event.item_id, 'caller', event.transcript)
      case 'response.output_audio_transcript.done':
        return events.transcript(event.item_id, 'assistant', event.transcript)
      case 'response.function_call_arguments.done':
        return events.functionCall(event.call_id, event.name, event.arguments)
    }
  })

  return {
    // 50 a second per call: written as text, not built as an object and stringified. Base64
    // needs no JSON escaping.
    appendAudio: (chunk) => {
      if (rt.socket.readyState === rt.socket.OPEN) rt.socket.send(`{"type":"input_audio_buffer.append","audio":"${chunk}"}`)
    },
    greet: (greeting, instructions) => send({ type: 'response.create', response: { instructions: greetingInstructions(greeting, instructions) } }),
    respond: () => send({ type: 'response.create' }),
    toolOutput: (callId, output) => {
      send({ type: 'conversation.item.create', item: { type: 'function_call_output', call_id: callId, output } })
      send({ type: 'response.create' })
    },
    restore: (turns) => {
      for (const turn of turns) {
        const item: ConversationItem =
          turn.speaker === 'caller'
            ? { type: 'message', role: 'user', content: [{ type: 'input_text', text: turn.text }] }
            : { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: turn.text }] }
        send({ type: 'conversation.item.create', item })
      }
    },
    note: (text) => {
      send({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text }] } })
      send({ type: 'response.create' })
    },
    cancelResponse: (responseId) => send({ type: 'response.cancel', response_id: responseId }),
    truncate: (itemId, audioEndMs) => send({ type: 'conversation.item.truncate', item_id: itemId, content_index: 0, audio_end_ms: audioEndMs }),
    close() {
      closedByUs = true
      stopWatching()
      if (rt.socket.readyState === rt.socket.CONNECTING) rt.socket.terminate()
      else if (rt.socket.readyState === rt.socket.OPEN) rt.close({ code: 1000, reason: 'call ended' })
    },
  }
}
