/**
 * The media server's environment, validated once at start-up: an invalid value stops the
 * process with a message naming the variable. Without OPENAI_API_KEY the server runs in
 * sandbox mode against the local Realtime stand-in (sandbox/realtime), trusting its
 * self-signed certificate: openai's `OpenAIRealtimeWS` always dials wss://.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { loadLocalSecrets } from '../lib/config/local-secrets'
import { ConfigError, parseEnvironment } from '../lib/config/parse-environment'
import { DEFAULT_MIN_BARGE_IN_MS } from './barge-in-guard'
import { DEFAULT_FRAMES_PER_APPEND } from './caller-audio'
import { DEFAULT_CHUNK_MS, DEFAULT_LEAD_MS } from './playback'
import { DEFAULT_PRE_WARM_MS } from './pre-warm'

const optionalText = z.string().trim().min(1).optional()

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  MEDIA_SERVER_PORT: z.coerce.number().int().min(0).max(65535).default(8081),
  /** Default: every interface in production (Twilio must reach it), loopback otherwise. */
  MEDIA_SERVER_HOST: z.string().min(1).optional(),
  MEDIA_STREAM_SECRET: z.string().min(32, { message: 'expected at least 32 characters' }).optional(),
  OPENAI_API_KEY: optionalText,
  OPENAI_BASE_URL: z.url({ message: 'expected a URL such as https://api.openai.com/v1' }).optional(),
  OPENAI_REALTIME_MODEL: z.string().min(1).default('gpt-realtime'),
  SANDBOX_REALTIME_URL: z.url({ message: 'expected a URL such as https://127.0.0.1:8092/v1' }).default('https://127.0.0.1:8092/v1'),
  /** PEM file of the stand-in's certificate (default: where the stand-in caches it). */
  SANDBOX_REALTIME_CA: z.string().min(1).default('.local/realtime-tls/cert.pem'),
  /** The app, for hand-backs and the stream checks (app-gate.ts); in production, its internal address. */
  APP_URL: z.url({ message: 'expected a URL such as http://localhost:3000' }).optional(),
  /** The URL Twilio dials; upgrade signatures are verified over it. */
  MEDIA_SERVER_PUBLIC_URL: z.url({ message: 'expected a URL such as wss://media.example.com' }).default('ws://localhost:8081'),
  /** How long live calls may run on after SIGTERM before the server closes them. */
  MEDIA_SERVER_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(30 * 60 * 1000),
  /** Processes sharing the port (Node's cluster): one per core on a multi-core machine. */
  MEDIA_SERVER_WORKERS: z.coerce.number().int().min(1).max(256).default(1),
  /** Audio kept buffered at Twilio ahead of the caller's ear (playback.ts): what a stall may last without a gap. */
  MEDIA_SERVER_PLAYBACK_LEAD_MS: z.coerce.number().int().min(40).max(5000).default(DEFAULT_LEAD_MS),
  /** Audio per outbound `media` message, each followed by a mark: truncation is exact to within this. */
  MEDIA_SERVER_MARK_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(20)
    .max(1000)
    .refine((ms) => ms % 20 === 0, { message: 'expected a multiple of 20 (Twilio frames)' })
    .default(DEFAULT_CHUNK_MS),
  /** Caller frames (20 ms) joined per `input_audio_buffer.append` (caller-audio.ts). */
  MEDIA_SERVER_FRAMES_PER_APPEND: z.coerce.number().int().min(1).max(10).default(DEFAULT_FRAMES_PER_APPEND),
  MEDIA_SERVER_MIN_BARGE_IN_MS: z.coerce.number().int().min(0).max(1000).default(DEFAULT_MIN_BARGE_IN_MS),
  /** How long a session the app asked to pre-warm waits for its stream (0: pre-warm off). */
  MEDIA_SERVER_PRE_WARM_MS: z.coerce.number().int().min(0).max(60_000).default(DEFAULT_PRE_WARM_MS),
})

export interface RealtimeEndpoint {
  apiKey: string
  baseURL: string
  model: string
  /** Extra certificate (PEM) to trust, read at each connection (sandbox mode only). */
  ca?: () => string | undefined
  sandbox: boolean
}

export interface MediaServerConfig {
  port: number
  host: string
  streamSecret: string
  realtime: RealtimeEndpoint
  appUrl: string
  /** Where hand-backs go: the app's /api/voice/hand-back. */
  handBackUrl: string
  publicUrl: string
  shutdownGraceMs: number
  workers: number
  leadMs: number
  chunkMs: number
  framesPerAppend: number
  minBargeInMs: number
  preWarmMs: number
}

export { ConfigError }

interface ConfigSources {
  localSecrets?: () => { MEDIA_STREAM_SECRET: string }
  readCa?: (file: string) => string
}

export function parseMediaServerConfig(environment: Record<string, string | undefined>, sources: ConfigSources = {}): MediaServerConfig {
  const env = parseEnvironment(schema, environment, 'media server configuration')
  if (env.NODE_ENV === 'production') {
    for (const name of ['MEDIA_STREAM_SECRET', 'OPENAI_API_KEY', 'APP_URL'] as const) {
      if (!env[name]) throw new ConfigError(`Invalid media server configuration:\n  ${name}: required in production`)
    }
    // Twilio sends call audio only over TLS to a production media server.
    if (!env.MEDIA_SERVER_PUBLIC_URL.startsWith('wss://')) throw new ConfigError('Invalid media server configuration:\n  MEDIA_SERVER_PUBLIC_URL: must be a wss:// URL in production')
  }
  const streamSecret = env.MEDIA_STREAM_SECRET ?? (sources.localSecrets ?? loadLocalSecrets)().MEDIA_STREAM_SECRET
  return {
    port: env.MEDIA_SERVER_PORT,
    host: env.MEDIA_SERVER_HOST ?? (env.NODE_ENV === 'production' ? '0.0.0.0' : '127.0.0.1'),
    streamSecret,
    realtime: env.OPENAI_API_KEY
      ? { apiKey: env.OPENAI_API_KEY, baseURL: env.OPENAI_BASE_URL ?? 'https://api.openai.com/v1', model: env.OPENAI_REALTIME_MODEL, sandbox: false }
      : {
          // The stand-in accepts any non-empty key unless it was started with one.
          apiKey: 'sandbox',
          baseURL: env.SANDBOX_REALTIME_URL,
          model: env.OPENAI_REALTIME_MODEL,
          ca: () => readSandboxCa(env.SANDBOX_REALTIME_CA, sources.readCa),
          sandbox: true,
        },
    appUrl: (env.APP_URL ?? 'http://localhost:3000').replace(/\/$/, ''),
    handBackUrl: `${(env.APP_URL ?? 'http://localhost:3000').replace(/\/$/, '')}/api/voice/hand-back`,
    publicUrl: env.MEDIA_SERVER_PUBLIC_URL.replace(/\/$/, ''),
    shutdownGraceMs: env.MEDIA_SERVER_SHUTDOWN_GRACE_MS,
    workers: env.MEDIA_SERVER_WORKERS,
    leadMs: env.MEDIA_SERVER_PLAYBACK_LEAD_MS,
    chunkMs: env.MEDIA_SERVER_MARK_INTERVAL_MS,
    framesPerAppend: env.MEDIA_SERVER_FRAMES_PER_APPEND,
    minBargeInMs: env.MEDIA_SERVER_MIN_BARGE_IN_MS,
    preWarmMs: env.MEDIA_SERVER_PRE_WARM_MS,
  }
}

function readSandboxCa(file: string, read = (at: string) => readFileSync(at, 'utf8')): string | undefined {
  try {
    return read(path.resolve(file))
  } catch {
    // Read per connection because the stand-in writes it on its first start, possibly after
    // ours; until then a call fails and retries as it would with the service down.
    return undefined
  }
}
