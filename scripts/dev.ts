// `npm run dev`: the whole system on one command — the embedded database (unless DATABASE_URL
// is set), its migrations, the Twilio/OpenAI sandbox (unless real credentials are set), the
// media server and the Next.js app. `--production` builds the app and serves the build instead.
import path from 'node:path'
import { ConfigError, parseConfig } from '@/lib/config/env'
import { startEmbeddedDatabase } from '@/lib/db/embedded'
import { applyMigrations } from '@/lib/db/migrations'
import { ProcessGroup } from './processes'

const production = process.argv.includes('--production')
const bin = (name: string) => path.resolve('node_modules/.bin', name)

function loadConfig() {
  try {
    return parseConfig(process.env)
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message)
      process.exit(1)
    }
    throw error
  }
}

const config = loadConfig()
const port = process.env.PORT ?? '3000'

const embedded = config.database.kind === 'embedded' ? await startEmbeddedDatabase({ dir: config.database.dir, port: config.database.port }) : null
const databaseUrl = embedded?.url ?? (config.database.kind === 'postgres' ? config.database.url : '')
const applied = await applyMigrations(databaseUrl)
console.log(`database: ${embedded ? `embedded PostgreSQL in ${embedded.dir} on port ${embedded.port}` : 'PostgreSQL'}; ${applied.length ? `applied ${applied.join(', ')}` : 'migrations up to date'}`)

// Every process gets the same resolved settings, so generated development secrets agree.
const env: Record<string, string> = {
  NEXT_TELEMETRY_DISABLED: '1',
  // Password hashing (scrypt) runs in libuv's thread pool, as do WebCrypto jobs (session JWTs,
  // database SCRAM): with Node's default 4 threads a burst of sign-ups queues every request behind it.
  UV_THREADPOOL_SIZE: process.env.UV_THREADPOOL_SIZE ?? '16',
  DATABASE_URL: databaseUrl,
  NEXTAUTH_URL: config.publicUrl,
  NEXTAUTH_SECRET: config.secrets.session,
  ENCRYPTION_KEY: config.secrets.encryptionKeyRing,
  MEDIA_STREAM_SECRET: config.secrets.mediaStream,
}
// The production build refuses the stand-ins unless asked (lib/config/env.ts); this command runs
// them on purpose, so it asks.
const standIns = [config.twilio.mode, config.openai.mode, config.s3.mode, config.mail.mode].includes('sandbox')
if (production && standIns) env.HEKAX_SANDBOX = '1'
if (config.openai.mode === 'sandbox') {
  env.SANDBOX_REALTIME_URL = process.env.SANDBOX_REALTIME_URL ?? `https://127.0.0.1:${process.env.SANDBOX_REALTIME_PORT ?? '8092'}/v1`
}

const group = new ProcessGroup()

// One sandbox process plays Twilio, OpenAI Realtime, S3 and the mail catcher (sandbox/main.ts).
const sandboxUrl = config.twilio.mode === 'sandbox' ? config.twilio.sandboxUrl : 'http://127.0.0.1:8090'
if (standIns) {
  // The local S3 listens where the app's SANDBOX_S3_URL points, so the two cannot disagree.
  // So does the Voice SDK gateway, where the softphone's chunderw (SANDBOX_VOICE_GATEWAY) points.
  const s3Port: Record<string, string> = config.s3.mode === 'sandbox' ? { SANDBOX_S3_PORT: new URL(config.s3.endpoint).port } : {}
  const gatewayPort: Record<string, string> = config.twilio.mode === 'sandbox' ? { SANDBOX_VOICE_SDK_PORT: config.twilio.voiceGateway.split(':')[1]! } : {}
  group.start({ name: 'sandbox', command: bin('tsx'), args: ['sandbox/main.ts'], env: { SANDBOX_PORT: new URL(sandboxUrl).port, SANDBOX_SMTP_PORT: new URL(config.mail.smtpUrl).port, ...s3Port, ...gatewayPort } })
}
// The media server reaches the app directly for its stream checks and hand-backs.
group.start({ name: 'media', command: bin('tsx'), args: ['media-server/main.ts'], env: { ...env, APP_URL: process.env.APP_URL ?? `http://127.0.0.1:${port}` } })

if (production) {
  const code = await group.run({ name: 'build', command: bin('next'), args: ['build'], env: { ...env, NODE_ENV: 'production' } })
  if (code !== 0) {
    console.error('next build failed')
    await group.stop(1)
  } else {
    group.start({ name: 'web', command: bin('next'), args: ['start', '--port', port], env: { ...env, NODE_ENV: 'production' } })
  }
} else {
  group.start({ name: 'web', command: bin('next'), args: ['dev', '--port', port], env })
}
console.log(`HEKAX Phone: ${config.publicUrl}`)
if (config.mail.mode === 'sandbox') console.log(`Mail the app sends: ${sandboxUrl}/sandbox/mail`)

async function shutdown(code: number) {
  await group.stop(code)
  await embedded?.stop()
  process.exit(code)
}
process.on('SIGINT', () => void shutdown(0))
process.on('SIGTERM', () => void shutdown(0))
void group.exited.then((code) => shutdown(code))
