/**
 * The GA session object (`RealtimeSessionCreateRequest` in openai's realtime.d.ts) and how
 * `session.update` changes it. OpenAI answers an update with the full effective
 * configuration, merges only the fields present, and rejects the whole update with an
 * `invalid_request_error` when a field is unknown or a value unsupported — which is how a
 * client still sending the beta shape (`input_audio_format: 'g711_ulaw'`) finds out.
 */
import type { AudioFormat } from './audio-format'
import { newId } from './ids'

export interface TurnDetection {
  type: 'server_vad' | 'semantic_vad'
  threshold?: number
  prefix_padding_ms?: number
  silence_duration_ms?: number
  create_response?: boolean
  interrupt_response?: boolean
  idle_timeout_ms?: number | null
  eagerness?: 'low' | 'medium' | 'high' | 'auto'
}

export interface SessionConfig {
  type: 'realtime'
  object: 'realtime.session'
  id: string
  model: string
  output_modalities: Array<'audio' | 'text'>
  instructions: string
  tools: unknown[]
  tool_choice: unknown
  max_output_tokens: number | 'inf'
  tracing: unknown
  truncation: unknown
  prompt: unknown
  include: string[] | null
  expires_at: number
  audio: {
    input: {
      format: AudioFormat
      transcription: unknown
      noise_reduction: unknown
      turn_detection: TurnDetection | null
    }
    output: { format: AudioFormat; voice: string; speed: number }
  }
}

export interface ConfigError {
  code: string
  message: string
  param: string
}

/** GA sessions last at most 60 minutes; `expires_at` tells the client when it will be closed. */
export const SESSION_LIFETIME_MS = 60 * 60 * 1000

export function defaultSession(model: string, nowMs: number, lifetimeMs = SESSION_LIFETIME_MS): SessionConfig {
  return {
    type: 'realtime',
    object: 'realtime.session',
    id: newId('sess'),
    model,
    output_modalities: ['audio'],
    instructions: 'You are a helpful assistant on a phone call. Keep answers short.',
    tools: [],
    tool_choice: 'auto',
    max_output_tokens: 'inf',
    tracing: null,
    truncation: 'auto',
    prompt: null,
    include: null,
    expires_at: Math.floor((nowMs + lifetimeMs) / 1000),
    audio: {
      input: {
        format: { type: 'audio/pcm', rate: 24000 },
        transcription: null,
        noise_reduction: null,
        // Turn detection is on by default: server VAD with the documented defaults.
        turn_detection: {
          type: 'server_vad',
          threshold: 0.5,
          prefix_padding_ms: 300,
          silence_duration_ms: 500,
          create_response: true,
          interrupt_response: true,
          idle_timeout_ms: null,
        },
      },
      output: { format: { type: 'audio/pcm', rate: 24000 }, voice: 'alloy', speed: 1 },
    },
  }
}

const SESSION_KEYS = [
  'type', 'model', 'audio', 'include', 'instructions', 'max_output_tokens', 'output_modalities',
  'parallel_tool_calls', 'prompt', 'reasoning', 'tool_choice', 'tools', 'tracing', 'truncation',
]
const INPUT_KEYS = ['format', 'noise_reduction', 'transcription', 'turn_detection']
const OUTPUT_KEYS = ['format', 'speed', 'voice']
const SERVER_VAD_KEYS = ['type', 'threshold', 'prefix_padding_ms', 'silence_duration_ms', 'create_response', 'interrupt_response', 'idle_timeout_ms']
const SEMANTIC_VAD_KEYS = ['type', 'eagerness', 'create_response', 'interrupt_response']

type Json = Record<string, unknown>

export type UpdateResult = { ok: true; session: SessionConfig } | { ok: false; error: ConfigError }

export interface UpdateContext {
  /** Once the conversation holds assistant audio the voice is fixed (OpenAI: `cannot_update_voice`). */
  voiceLocked: boolean
}

export function applySessionUpdate(current: SessionConfig, update: unknown, context: UpdateContext): UpdateResult {
  try {
    return { ok: true, session: merge(current, update, context) }
  } catch (error) {
    if (error instanceof InvalidSession) return { ok: false, error: error.detail }
    throw error
  }
}

class InvalidSession extends Error {
  constructor(readonly detail: ConfigError) {
    super(detail.message)
  }
}

function invalid(code: string, param: string, message: string): never {
  throw new InvalidSession({ code, param, message })
}

function unknownKeys(object: Json, allowed: string[], prefix: string): void {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) invalid('unknown_parameter', `${prefix}.${key}`, `Unknown parameter: '${prefix}.${key}'.`)
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function merge(current: SessionConfig, update: unknown, context: UpdateContext): SessionConfig {
  if (!isObject(update)) invalid('missing_required_parameter', 'session', "Missing required parameter: 'session'.")
  unknownKeys(update, SESSION_KEYS, 'session')
  if (update.type === undefined) invalid('missing_required_parameter', 'session.type', "Missing required parameter: 'session.type'.")
  if (update.type !== 'realtime') {
    invalid('invalid_value', 'session.type', `Invalid value: '${String(update.type)}'. This connection is a 'realtime' session.`)
  }
  const next: SessionConfig = structuredClone(current)
  if (update.instructions !== undefined) next.instructions = String(update.instructions)
  if (update.tools !== undefined) next.tools = Array.isArray(update.tools) ? update.tools : invalid('invalid_type', 'session.tools', "Invalid type for 'session.tools': expected an array.")
  if (update.tool_choice !== undefined) next.tool_choice = update.tool_choice
  if (update.tracing !== undefined) next.tracing = update.tracing
  if (update.truncation !== undefined) next.truncation = update.truncation
  if (update.prompt !== undefined) next.prompt = update.prompt
  if (update.include !== undefined) next.include = update.include as string[] | null
  if (update.max_output_tokens !== undefined) next.max_output_tokens = maxOutputTokens(update.max_output_tokens)
  if (update.output_modalities !== undefined) next.output_modalities = outputModalities(update.output_modalities)
  if (update.audio !== undefined) {
    if (!isObject(update.audio)) invalid('invalid_type', 'session.audio', "Invalid type for 'session.audio': expected an object.")
    unknownKeys(update.audio, ['input', 'output'], 'session.audio')
    const { input, output } = update.audio
    if (input !== undefined) mergeInput(next, input)
    if (output !== undefined) mergeOutput(next, output, context)
  }
  return next
}

function mergeInput(next: SessionConfig, input: unknown): void {
  if (!isObject(input)) invalid('invalid_type', 'session.audio.input', "Invalid type for 'session.audio.input': expected an object.")
  unknownKeys(input, INPUT_KEYS, 'session.audio.input')
  if (input.format !== undefined) next.audio.input.format = audioFormat(input.format, 'session.audio.input.format')
  if (input.transcription !== undefined) next.audio.input.transcription = input.transcription
  if (input.noise_reduction !== undefined) next.audio.input.noise_reduction = input.noise_reduction
  if (input.turn_detection !== undefined) next.audio.input.turn_detection = turnDetection(input.turn_detection)
}

function mergeOutput(next: SessionConfig, output: unknown, context: UpdateContext): void {
  if (!isObject(output)) invalid('invalid_type', 'session.audio.output', "Invalid type for 'session.audio.output': expected an object.")
  unknownKeys(output, OUTPUT_KEYS, 'session.audio.output')
  if (output.format !== undefined) next.audio.output.format = audioFormat(output.format, 'session.audio.output.format')
  if (output.speed !== undefined) {
    const speed = Number(output.speed)
    if (!(speed >= 0.25 && speed <= 1.5)) invalid('decimal_out_of_range', 'session.audio.output.speed', `Invalid 'session.audio.output.speed': expected a value between 0.25 and 1.5, but got ${String(output.speed)} instead.`)
    next.audio.output.speed = speed
  }
  if (output.voice !== undefined && output.voice !== next.audio.output.voice) {
    checkVoice(output.voice)
    if (context.voiceLocked) invalid('cannot_update_voice', 'session.audio.output.voice', "Cannot update a conversation's voice if assistant audio is present.")
    next.audio.output.voice = typeof output.voice === 'string' ? output.voice : JSON.stringify(output.voice)
  }
}

/**
 * The built-in voices (openai's realtime.d.ts, `RealtimeAudioConfigOutput.voice`) or a custom
 * voice `{ id: 'voice_…' }`. Anything else is refused like any unsupported value, and the whole
 * update with it: a client that sends a voice the API does not have gets no session.
 */
export const REALTIME_VOICES = ['alloy', 'ash', 'ballad', 'coral', 'echo', 'sage', 'shimmer', 'verse', 'marin', 'cedar']

function checkVoice(voice: unknown): void {
  if (isObject(voice) && typeof voice.id === 'string' && voice.id.startsWith('voice_')) return
  if (typeof voice === 'string' && REALTIME_VOICES.includes(voice)) return
  const shown = typeof voice === 'string' ? voice : JSON.stringify(voice)
  const supported = REALTIME_VOICES.map((name) => `'${name}'`)
  invalid('invalid_value', 'session.audio.output.voice', `Invalid value: '${shown}'. Supported values are: ${supported.slice(0, -1).join(', ')}, and ${supported.at(-1)}.`)
}

const FORMAT_TYPES = ['audio/pcm', 'audio/pcmu', 'audio/pcma']

function audioFormat(format: unknown, param: string): AudioFormat {
  if (!isObject(format)) invalid('invalid_type', param, `Invalid type for '${param}': expected an object, but got ${typeof format} instead.`)
  unknownKeys(format, ['type', 'rate'], param)
  if (!FORMAT_TYPES.includes(String(format.type))) {
    invalid('invalid_value', `${param}.type`, `Invalid value: '${String(format.type)}'. Supported values are: 'audio/pcm', 'audio/pcmu', and 'audio/pcma'.`)
  }
  if (format.type === 'audio/pcm') {
    if (format.rate !== undefined && format.rate !== 24000) {
      invalid('invalid_value', `${param}.rate`, `Invalid value: ${String(format.rate)}. Supported values are: 24000.`)
    }
    return { type: 'audio/pcm', rate: 24000 }
  }
  if (format.rate !== undefined) invalid('unknown_parameter', `${param}.rate`, `Unknown parameter: '${param}.rate'.`)
  return { type: format.type as 'audio/pcmu' | 'audio/pcma' }
}

function turnDetection(value: unknown): TurnDetection | null {
  const param = 'session.audio.input.turn_detection'
  if (value === null) return null
  if (!isObject(value)) invalid('invalid_type', param, `Invalid type for '${param}': expected an object or null.`)
  if (value.type === 'server_vad') {
    unknownKeys(value, SERVER_VAD_KEYS, param)
    const threshold = value.threshold ?? 0.5
    if (typeof threshold !== 'number' || threshold < 0 || threshold > 1) {
      invalid('decimal_out_of_range', `${param}.threshold`, `Invalid '${param}.threshold': expected a value between 0 and 1, but got ${String(threshold)} instead.`)
    }
    for (const key of ['prefix_padding_ms', 'silence_duration_ms'] as const) {
      const ms = value[key]
      if (ms !== undefined && (!Number.isInteger(ms) || (ms as number) < 0)) {
        invalid('integer_below_min_value', `${param}.${key}`, `Invalid '${param}.${key}': expected a non-negative integer, but got ${String(ms)} instead.`)
      }
    }
    return {
      type: 'server_vad',
      threshold,
      prefix_padding_ms: (value.prefix_padding_ms as number | undefined) ?? 300,
      silence_duration_ms: (value.silence_duration_ms as number | undefined) ?? 500,
      create_response: (value.create_response as boolean | undefined) ?? true,
      interrupt_response: (value.interrupt_response as boolean | undefined) ?? true,
      idle_timeout_ms: (value.idle_timeout_ms as number | null | undefined) ?? null,
    }
  }
  if (value.type === 'semantic_vad') {
    unknownKeys(value, SEMANTIC_VAD_KEYS, param)
    return {
      type: 'semantic_vad',
      eagerness: (value.eagerness as TurnDetection['eagerness']) ?? 'auto',
      create_response: (value.create_response as boolean | undefined) ?? true,
      interrupt_response: (value.interrupt_response as boolean | undefined) ?? true,
    }
  }
  return invalid('invalid_value', `${param}.type`, `Invalid value: '${String(value.type)}'. Supported values are: 'server_vad' and 'semantic_vad'.`)
}

function outputModalities(value: unknown): Array<'audio' | 'text'> {
  // "It is not possible to request both text and audio at the same time."
  if (Array.isArray(value) && value.length === 1 && (value[0] === 'audio' || value[0] === 'text')) return [value[0]]
  return invalid('invalid_value', 'session.output_modalities', "Invalid 'session.output_modalities': expected ['audio'] or ['text'].")
}

export function maxOutputTokens(value: unknown, param = 'session.max_output_tokens'): number | 'inf' {
  if (value === 'inf' || (Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 4096)) return value as number | 'inf'
  return invalid('invalid_value', param, `Invalid '${param}': expected an integer between 1 and 4096, or 'inf'.`)
}

const RESPONSE_KEYS = [
  'audio', 'conversation', 'input', 'instructions', 'max_output_tokens', 'metadata', 'output_modalities',
  'parallel_tool_calls', 'prompt', 'reasoning', 'tool_choice', 'tools',
]

/** The per-response overrides of `response.create` (`RealtimeResponseCreateParams`) the stand-in honours. */
export interface ResponseParams {
  instructions?: string
  outputModalities?: Array<'audio' | 'text'>
  format?: AudioFormat
  voice?: string
  maxOutputTokens?: number | 'inf'
  metadata?: unknown
}

export type ResponseParamsResult = { ok: true; params: ResponseParams } | { ok: false; error: ConfigError }

export function parseResponseParams(value: unknown): ResponseParamsResult {
  try {
    if (value === undefined || value === null) return { ok: true, params: {} }
    if (!isObject(value)) invalid('invalid_type', 'response', "Invalid type for 'response': expected an object.")
    unknownKeys(value, RESPONSE_KEYS, 'response')
    const params: ResponseParams = { metadata: value.metadata }
    if (value.instructions !== undefined) params.instructions = String(value.instructions)
    if (value.output_modalities !== undefined) params.outputModalities = outputModalities(value.output_modalities)
    if (value.max_output_tokens !== undefined) params.maxOutputTokens = maxOutputTokens(value.max_output_tokens, 'response.max_output_tokens')
    const output = isObject(value.audio) ? value.audio.output : undefined
    if (isObject(output)) {
      if (output.format !== undefined) params.format = audioFormat(output.format, 'response.audio.output.format')
      if (typeof output.voice === 'string') params.voice = output.voice
    }
    return { ok: true, params }
  } catch (error) {
    if (error instanceof InvalidSession) return { ok: false, error: error.detail }
    throw error
  }
}
