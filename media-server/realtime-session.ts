/**
 * One OpenAI Realtime session over openai's `OpenAIRealtimeWS` (GA protocol), reduced to what
 * a phone call needs: configure it, stream caller audio in, get assistant audio and turn
 * events out. The bridge decides what to do with them.
 */
import OpenAI from 'openai'
import type { RealtimeClientEvent, RealtimeServerEvent, RealtimeSessionCreateRequest } from 'openai/resources/realtime/realtime'
import { OpenAIRealtimeWS } from 'openai/realtime/ws'
import type { AudioPath } from './audio-path'
import type { RealtimeEndpoint } from './config'

export interface CallPersona {
  instructions: string
  voice: string
  greeting: string
}

export interface RealtimeEvents {
  /** `session.updated`: our configuration is in effect. */
  ready(): void
  responseStarted(responseId: string): void
  responseDone(responseId: string, status: string): void
  /** Assistant audio, still in the session's format (base64 `delta`). */
  audio(responseId: string, itemId: string, delta: string): void
  /** Server VAD heard the caller start speaking. */
  speechStarted(audioStartMs: number): void
  /** An `error` event; the session stays open. */
  apiError(code: string | null | undefined, message: string): void
  /** The socket closed without our asking: failed to connect, or dropped. */
  closed(reason: string): void
}

export interface RealtimeSession {
  appendAudio(audio: string): void
  /** Asks for the greeting, spoken before anything else. */
  greet(greeting: string, instructions: string): void
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
        // The bridge owns barge-in (interrupt_response off): only it knows how much of the
        // answer the caller heard, and it must clear Twilio's buffer, cancel and truncate
        // together. The model still answers each finished turn by itself (create_response).
        turn_detection: { type: 'server_vad', create_response: true, interrupt_response: false },
      },
      output: { format: audio.realtimeFormat, voice: persona.voice },
    },
  }
  return { type: 'session.update', session }
}

/** Response-level instructions replace the session's for the greeting alone, so they repeat them. */
export function greetingInstructions(greeting: string, instructions: string): string {
  return `Begin the call by saying exactly "${greeting}" and nothing else.\n\n${instructions}`
}

/** Connects with the `openai` package; `endpoint.ca` adds the sandbox stand-in's certificate. */
export function openAiConnector(endpoint: RealtimeEndpoint): RealtimeConnector {
  const client = new OpenAI({ apiKey: endpoint.apiKey, baseURL: endpoint.baseURL })
  return (persona, audio, events) => {
    const ca = endpoint.ca?.()
    const rt = new OpenAIRealtimeWS({ model: endpoint.model, options: { handshakeTimeout: 10_000, perMessageDeflate: false, ...(ca ? { ca } : {}) } }, client)
    return wireSession(rt, persona, audio, events)
  }
}

function wireSession(rt: OpenAIRealtimeWS, persona: CallPersona, audio: AudioPath, events: RealtimeEvents): RealtimeSession {
  let closedByUs = false
  let lastError = ''
  const send = (event: RealtimeClientEvent) => {
    if (rt.socket.readyState === rt.socket.OPEN) rt.send(event)
  }

  rt.socket.on('open', () => send(sessionUpdate(persona, audio)))
  // Socket failures (refused, TLS, HTTP 401 on upgrade) and API `error` events both arrive
  // here; a listener must exist or the client turns them into unhandled rejections.
  rt.on('error', (error) => {
    if (error.error) events.apiError(error.error.code, error.error.message)
    else lastError = error.message
  })
  rt.socket.on('close', (code, reason) => {
    if (closedByUs) return
    events.closed(lastError || `closed by the Realtime API (${code}${reason.length ? ` ${reason.toString()}` : ''})`)
  })
  rt.on('event', (event: RealtimeServerEvent) => {
    switch (event.type) {
      case 'session.updated':
        return events.ready()
      case 'response.created':
        return events.responseStarted(event.response.id ?? '')
      case 'response.output_audio.delta':
        return events.audio(event.response_id, event.item_id, event.delta)
      case 'response.done':
        return events.responseDone(event.response.id ?? '', event.response.status ?? 'completed')
      case 'input_audio_buffer.speech_started':
        return events.speechStarted(event.audio_start_ms)
    }
  })

  return {
    // 50 a second per call: written as text, not built as an object and stringified. Base64
    // needs no JSON escaping.
    appendAudio: (chunk) => {
      if (rt.socket.readyState === rt.socket.OPEN) rt.socket.send(`{"type":"input_audio_buffer.append","audio":"${chunk}"}`)
    },
    greet: (greeting, instructions) => send({ type: 'response.create', response: { instructions: greetingInstructions(greeting, instructions) } }),
    cancelResponse: (responseId) => send({ type: 'response.cancel', response_id: responseId }),
    truncate: (itemId, audioEndMs) => send({ type: 'conversation.item.truncate', item_id: itemId, content_index: 0, audio_end_ms: audioEndMs }),
    close() {
      closedByUs = true
      if (rt.socket.readyState === rt.socket.CONNECTING) rt.socket.terminate()
      else if (rt.socket.readyState === rt.socket.OPEN) rt.close({ code: 1000, reason: 'call ended' })
    },
  }
}
