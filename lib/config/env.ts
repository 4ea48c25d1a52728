import { z } from 'zod'
import { aiPriceTableSchema, DEFAULT_AI_PRICES } from '@/lib/billing/ai-pricing'
import { loadLocalSecrets } from './local-secrets'
import { ConfigError, parseEnvironment } from './parse-environment'

// The one place that reads the environment. Missing optional services select the local
// stand-ins (embedded database, sandbox Twilio/OpenAI/S3); an invalid value stops start-up
// with a message naming the variable.

const url = (example: string) => z.url({ message: `expected a URL such as ${example}` })
const port = z.coerce.number().int().min(1).max(65535)
const optionalText = z.string().trim().min(1).optional()

// ENCRYPTION_KEY is a key ring "v:base64key[,v:base64key…]" with the current key first, so old
// ciphertexts stay readable while new ones use the newest key.
const keyRing = z.string().regex(/^\d+:[A-Za-z0-9+/]{43}=(,\d+:[A-Za-z0-9+/]{43}=)*$/, {
  message: 'expected "<version>:<base64 of 32 bytes>", comma-separated, newest first',
})

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PUBLIC_URL: url('https://phone.example.com').default('http://localhost:3000'),
    DATABASE_URL: url('postgresql://user:pass@host:5432/db').optional(),
    EMBEDDED_DB_PORT: port.default(5433),
    EMBEDDED_DB_DIR: z.string().default('.data/postgres'),
    NEXTAUTH_SECRET: z.string().min(32, { message: 'expected at least 32 characters' }).optional(),
    ENCRYPTION_KEY: keyRing.optional(),
    MEDIA_STREAM_SECRET: z.string().min(32, { message: 'expected at least 32 characters' }).optional(),
    TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-f]{32}$/, { message: 'expected AC followed by 32 hex digits' }).optional(),
    TWILIO_AUTH_TOKEN: optionalText,
    SANDBOX_URL: url('http://127.0.0.1:8090').default('http://127.0.0.1:8090'),
    SANDBOX_ACCOUNT_SID: z.string().regex(/^AC[0-9a-f]{32}$/).default('AC00000000000000000000000000000000'),
    SANDBOX_AUTH_TOKEN: z.string().default('00000000000000000000000000000000'),
    // The sandbox's Voice SDK signaling gateway (host:port, TLS), which browsers reach as the SDK's `chunderw`.
    SANDBOX_VOICE_GATEWAY: z.string().regex(/^[A-Za-z0-9.-]+:\d{1,5}$/, { message: 'expected host:port such as 127.0.0.1:8095' }).default('127.0.0.1:8095'),
    // The Twilio edge softphones connect through (https://www.twilio.com/docs/global-infrastructure/edge-locations).
    TWILIO_EDGE: z.string().regex(/^[a-z-]+$/).default('roaming'),
    // Where agents may call from the softphone: ISO 3166 country codes, comma-separated.
    OUTBOUND_CALL_COUNTRIES: z
      .string()
      .default('US,CA')
      .transform((text) => text.split(',').map((code) => code.trim().toUpperCase()).filter(Boolean))
      .pipe(z.array(z.string().regex(/^[A-Z]{2}$/, { message: 'expected ISO country codes such as US,CA,GB' })).min(1)),
    OPENAI_API_KEY: optionalText,
    OPENAI_BASE_URL: url('https://api.openai.com/v1').optional(),
    // The model that writes post-call summaries (Chat Completions with structured outputs).
    OPENAI_SUMMARY_MODEL: z.string().trim().min(1).default('gpt-4o-mini'),
    // The OpenAI stand-in (sandbox/realtime/), as the media server reaches it: TLS with a self-signed certificate.
    SANDBOX_REALTIME_URL: url('https://127.0.0.1:8092/v1').default('https://127.0.0.1:8092/v1'),
    SANDBOX_REALTIME_CA: z.string().min(1).default('.local/realtime-tls/cert.pem'),
    MEDIA_SERVER_PUBLIC_URL: url('wss://media.example.com').default('ws://localhost:8081'),
    // Where the app checks the media server is ready before streaming a call to it.
    MEDIA_SERVER_HEALTH_URL: url('http://media-server:8081/ready').optional(),
    // Where the app reaches the media server itself (pre-warm requests): its internal HTTP address.
    MEDIA_SERVER_INTERNAL_URL: url('http://media-server:8081').optional(),
    HOLD_MUSIC_URL: url('https://example.com/hold.mp3').default('http://com.twilio.sounds.music.s3.amazonaws.com/MARKOVICHAMP-Borghestral.mp3'),
    // The price table used when Twilio reports no price (USD per started minute; Twilio US list prices).
    PRICE_INBOUND_PER_MINUTE_USD: z.coerce.number().min(0).default(0.0085),
    PRICE_OUTBOUND_PER_MINUTE_USD: z.coerce.number().min(0).default(0.014),
    PRICE_RECORDING_PER_MINUTE_USD: z.coerce.number().min(0).default(0.0025),
    // The AI price table, USD per million tokens (OpenAI's gpt-realtime and gpt-4o-mini-transcribe list prices).
    PRICE_AI_PER_MILLION_TOKENS: z
      .string()
      .default('{}')
      .transform((text, context) => {
        try {
          return aiPriceTableSchema.parse(JSON.parse(text))
        } catch {
          context.addIssue({ code: 'custom', message: `expected JSON such as ${JSON.stringify(DEFAULT_AI_PRICES)}` })
          return z.NEVER
        }
      }),
    S3_BUCKET: optionalText,
    AWS_REGION: optionalText,
    // "0" keeps Twilio's copy of each recording after it is verified in S3 (Twilio bills its storage).
    RECORDINGS_DELETE_FROM_TWILIO: z.enum(['0', '1']).default('1'),
    // Mail: SMTP in production; the sandbox's mail catcher otherwise.
    SMTP_URL: z.url({ message: 'expected an SMTP URL such as smtps://user:pass@smtp.example.com:465' }).refine((value) => /^smtps?:/.test(value), { message: 'expected an smtp:// or smtps:// URL' }).optional(),
    MAIL_FROM: z.string().trim().min(3).default('HEKAX Phone <no-reply@localhost>'),
    SANDBOX_SMTP_PORT: port.default(8093),
    // "1" lets a production build run on the local stand-ins (a demo deployment).
    HEKAX_SANDBOX: z.enum(['0', '1']).default('0'),
    // Anonymous sign-ups per client address and in total, per hour.
    SIGNUP_LIMIT_PER_ADDRESS: z.coerce.number().int().min(1).default(10),
    SIGNUP_LIMIT_GLOBAL: z.coerce.number().int().min(1).default(100),
    SANDBOX_S3_URL: url('http://127.0.0.1:8094').default('http://127.0.0.1:8094'),
    SANDBOX_S3_BUCKET: z.string().default('hekax-recordings'),
    SANDBOX_S3_ACCESS_KEY_ID: z.string().default('SANDBOXACCESSKEY0000'),
    SANDBOX_S3_SECRET_ACCESS_KEY: z.string().default('sandbox-secret-key-0000000000000000000000'),
  })
  .superRefine((env, ctx) => {
    if (Boolean(env.TWILIO_ACCOUNT_SID) !== Boolean(env.TWILIO_AUTH_TOKEN)) {
      ctx.addIssue({ code: 'custom', path: ['TWILIO_AUTH_TOKEN'], message: 'set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN together, or neither for sandbox mode' })
    }
    if (env.NODE_ENV === 'production') {
      for (const name of ['NEXTAUTH_SECRET', 'ENCRYPTION_KEY', 'MEDIA_STREAM_SECRET', 'DATABASE_URL'] as const) {
        if (!env[name]) ctx.addIssue({ code: 'custom', path: [name], message: 'required in production' })
      }
      productionServiceIssues(env).forEach((issue) => ctx.addIssue({ code: 'custom', ...issue }))
    }
  })

// A production build never falls back to the stand-ins silently: the sandbox's credentials are
// public, so without HEKAX_SANDBOX=1 every live service must be configured.
const LIVE_SERVICES = ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'OPENAI_API_KEY', 'SMTP_URL', 'S3_BUCKET'] as const
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

function productionServiceIssues(env: Partial<Record<(typeof LIVE_SERVICES)[number] | 'HEKAX_SANDBOX' | 'MEDIA_SERVER_PUBLIC_URL', string>>) {
  const issues: { path: string[]; message: string }[] = []
  const sandbox = env.HEKAX_SANDBOX === '1'
  const missing = LIVE_SERVICES.filter((name) => !env[name])
  if (!sandbox && missing.length) {
    issues.push({ path: ['(environment)'], message: `production needs ${missing.join(', ')}; set them, or HEKAX_SANDBOX=1 to run a demo on the local stand-ins` })
  }
  // Twilio only opens Media Streams over TLS; a ws:// URL is allowed for a sandbox on this machine.
  const media = new URL(env.MEDIA_SERVER_PUBLIC_URL!)
  if (media.protocol !== 'wss:' && !(sandbox && LOOPBACK_HOSTS.has(media.hostname))) {
    issues.push({ path: ['MEDIA_SERVER_PUBLIC_URL'], message: 'must be a wss:// URL in production' })
  }
  return issues
}

export { ConfigError }

export function parseConfig(environment: Record<string, string | undefined>, localSecrets = () => loadLocalSecrets()) {
  const env = parseEnvironment(schema, environment)
  const needsLocal = !env.NEXTAUTH_SECRET || !env.ENCRYPTION_KEY || !env.MEDIA_STREAM_SECRET
  const local = needsLocal ? localSecrets() : undefined
  const live = Boolean(env.TWILIO_ACCOUNT_SID)
  return {
    nodeEnv: env.NODE_ENV,
    publicUrl: env.PUBLIC_URL.replace(/\/$/, ''),
    database: env.DATABASE_URL
      ? { kind: 'postgres' as const, url: env.DATABASE_URL }
      : { kind: 'embedded' as const, port: env.EMBEDDED_DB_PORT, dir: env.EMBEDDED_DB_DIR },
    secrets: {
      session: env.NEXTAUTH_SECRET ?? local!.NEXTAUTH_SECRET,
      encryptionKeyRing: env.ENCRYPTION_KEY ?? local!.ENCRYPTION_KEY,
      mediaStream: env.MEDIA_STREAM_SECRET ?? local!.MEDIA_STREAM_SECRET,
    },
    twilio: live
      ? { mode: 'live' as const, accountSid: env.TWILIO_ACCOUNT_SID!, authToken: env.TWILIO_AUTH_TOKEN!, edge: env.TWILIO_EDGE }
      : { mode: 'sandbox' as const, accountSid: env.SANDBOX_ACCOUNT_SID, authToken: env.SANDBOX_AUTH_TOKEN, sandboxUrl: env.SANDBOX_URL, voiceGateway: env.SANDBOX_VOICE_GATEWAY },
    outboundCallCountries: env.OUTBOUND_CALL_COUNTRIES,
    openai: env.OPENAI_API_KEY
      ? { mode: 'live' as const, apiKey: env.OPENAI_API_KEY, baseURL: env.OPENAI_BASE_URL ?? 'https://api.openai.com/v1', summaryModel: env.OPENAI_SUMMARY_MODEL }
      : { mode: 'sandbox' as const, apiKey: 'sandbox', baseURL: env.SANDBOX_REALTIME_URL, caFile: env.SANDBOX_REALTIME_CA, summaryModel: env.OPENAI_SUMMARY_MODEL },
    // Live S3 takes its credentials from the AWS SDK's default chain (environment, profile, role).
    s3: env.S3_BUCKET
      ? { mode: 'live' as const, bucket: env.S3_BUCKET, region: env.AWS_REGION ?? 'us-east-1' }
      : {
          mode: 'sandbox' as const,
          bucket: env.SANDBOX_S3_BUCKET,
          region: 'us-east-1',
          endpoint: env.SANDBOX_S3_URL,
          credentials: { accessKeyId: env.SANDBOX_S3_ACCESS_KEY_ID, secretAccessKey: env.SANDBOX_S3_SECRET_ACCESS_KEY },
        },
    recordings: { deleteFromTwilio: env.RECORDINGS_DELETE_FROM_TWILIO === '1' },
    mail: env.SMTP_URL
      ? { mode: 'live' as const, smtpUrl: env.SMTP_URL, from: env.MAIL_FROM }
      : { mode: 'sandbox' as const, smtpUrl: `smtp://127.0.0.1:${env.SANDBOX_SMTP_PORT}`, from: env.MAIL_FROM },
    signupLimits: { perAddressPerHour: env.SIGNUP_LIMIT_PER_ADDRESS, globalPerHour: env.SIGNUP_LIMIT_GLOBAL },
    mediaServerPublicUrl: env.MEDIA_SERVER_PUBLIC_URL.replace(/\/$/, ''),
    mediaServerHealthUrl: env.MEDIA_SERVER_HEALTH_URL ?? `${env.MEDIA_SERVER_PUBLIC_URL.replace(/\/$/, '').replace(/^ws/, 'http')}/ready`,
    // By default the server the health check reaches.
    mediaServerInternalUrl: (env.MEDIA_SERVER_INTERNAL_URL ?? new URL(env.MEDIA_SERVER_HEALTH_URL ?? env.MEDIA_SERVER_PUBLIC_URL.replace(/^ws/, 'http')).origin).replace(/\/$/, ''),
    holdMusicUrl: env.HOLD_MUSIC_URL,
    prices: {
      inboundPerMinuteUsd: env.PRICE_INBOUND_PER_MINUTE_USD,
      outboundPerMinuteUsd: env.PRICE_OUTBOUND_PER_MINUTE_USD,
      recordingPerMinuteUsd: env.PRICE_RECORDING_PER_MINUTE_USD,
    },
    aiPrices: env.PRICE_AI_PER_MILLION_TOKENS,
  }
}

export type AppConfig = ReturnType<typeof parseConfig>

let cached: AppConfig | undefined

export function config(): AppConfig {
  cached ??= parseConfig(process.env)
  return cached
}
