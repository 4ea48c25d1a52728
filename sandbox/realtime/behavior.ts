/**
 * What the stand-in's "model" does, scriptable by tests. The protocol (events, VAD,
 * cancel, truncate, usage) is the stand-in's job; a Behavior only decides what each
 * response contains and may inject failures.
 */
import type { WireItem } from './conversation'
import { recognizeClip } from './recognize'
import type { SessionConfig } from './session-config'
import type { PcmAudio } from './wav'

export interface SessionContext {
  readonly sessionId: string
  /** The effective session configuration (after every accepted `session.update`). */
  readonly session: Readonly<SessionConfig>
  /** Sends an `error` event in OpenAI's shape; the session stays open, as with most real errors. */
  error(code: string, message: string, options?: { type?: string; param?: string }): void
  /** Sends any server event as is (an `event_id` is added), e.g. `rate_limits.updated`. */
  sendEvent(event: Record<string, unknown> & { type: string }): void
  /** Closes the WebSocket with a close frame. */
  closeSocket(code?: number, reason?: string): void
  /** Drops the TCP connection without a close frame, like a network failure. */
  dropSocket(): void
  /** Goes silent with the connection open, like a hung server: nothing read or sent, pings unanswered. */
  stopAnswering(): void
}

export interface ResponseContext extends SessionContext {
  readonly responseId: string
  /** Whether `say(text)` of arbitrary text is real text-to-speech (espeak-ng) rather than synthetic babble. */
  readonly textToSpeech: boolean
  /** Adds a spoken assistant message: text (clip, espeak-ng or synthesis; see speech.ts) or a shipped clip by name. */
  say(line: string | { clip: string }): void
  /** Adds a `function_call` output item; the client answers with a `function_call_output` item. */
  callFunction(name: string, args: Record<string, unknown> | string): void
  /** Ends the response with status `failed` after an `error` event of type `server_error`. */
  fail(code: string, message: string): void
}

export interface UserTurn {
  itemId: string
  audioStartMs: number
  audioEndMs: number
  /** The committed audio, decoded from the session's input format. */
  audio: PcmAudio
}

export interface ResponseRequest {
  /** `client`: a `response.create`; `turn_detected`: server VAD ended a user turn with `create_response` on. */
  trigger: 'client' | 'turn_detected'
  /** The response's instructions (`response.instructions`, else the session's). */
  instructions: string
  /** Responses created earlier in this session. */
  responseIndex: number
  /** The user turn committed since the previous response, if any. */
  userTurn?: UserTurn
  /** The conversation as the model reads it (wire-shaped items). */
  conversation: readonly WireItem[]
}

export interface Behavior {
  onSessionStart?(ctx: SessionContext): void | Promise<void>
  onUserTurn?(ctx: SessionContext, turn: UserTurn): void | Promise<void>
  onResponse?(ctx: ResponseContext, request: ResponseRequest): void | Promise<void>
  /**
   * The transcript of a committed turn, when the session enabled
   * `audio.input.transcription` (no transcript: an empty one, as ASR gives for noise).
   */
  transcribe?(ctx: SessionContext, turn: UserTurn): string | undefined | Promise<string | undefined>
}

const REPLY_CLIPS = ['reply-help', 'reply-noted', 'reply-follow-up']

/**
 * The demo receptionist: the first `response.create` (the bridge asking for its greeting)
 * is answered with the greeting — the sentence quoted in the instructions when espeak-ng
 * can speak it, otherwise the shipped greeting clip — and every later response with the
 * next of three short shipped replies. It transcribes callers who play a shipped clip.
 */
export const demoBehavior: Behavior = {
  onResponse(ctx, request) {
    if (request.responseIndex === 0 && request.trigger === 'client') {
      const quoted = quotedSentence(request.instructions)
      ctx.say(quoted && ctx.textToSpeech ? quoted : { clip: 'greeting' })
      return
    }
    const userTurns = request.conversation.filter((item) => item.role === 'user').length
    ctx.say({ clip: REPLY_CLIPS[Math.max(0, userTurns - 1) % REPLY_CLIPS.length] })
  },
  transcribe: (_ctx, turn) => recognizeClip(turn.audio)?.transcript,
}

/** The first "double-quoted" (or “curly-quoted”) passage of at least two words. */
export function quotedSentence(instructions: string): string | undefined {
  const match = /["“]([^"”]+\s[^"”]+)["”]/.exec(instructions)
  return match?.[1].trim()
}
