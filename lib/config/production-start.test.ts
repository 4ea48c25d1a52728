import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

// The app's start-up hook (instrumentation.ts, run by `next start`) in a process of its own, with a
// production environment that has its secrets and database but no live services.
function startUp(extra: Record<string, string>) {
  const env = {
    PATH: process.env.PATH!,
    NODE_ENV: 'production',
    NEXT_RUNTIME: 'nodejs',
    NEXTAUTH_SECRET: 'x'.repeat(40),
    ENCRYPTION_KEY: `1:${randomBytes(32).toString('base64')}`,
    MEDIA_STREAM_SECRET: 'y'.repeat(40),
    DATABASE_URL: 'postgresql://u:p@127.0.0.1:1/hekax',
    ...extra,
  } as NodeJS.ProcessEnv
  return spawnSync(path.resolve('node_modules/.bin/tsx'), ['-e', "import('./instrumentation.ts').then((m) => m.register())"], { env, encoding: 'utf8', timeout: 60_000 })
}

describe('a production start', () => {
  it('stops with a message naming the missing variables when the sandbox was not asked for', () => {
    const result = startUp({})
    expect(result.status).not.toBe(0)
    expect(result.stderr).toContain('production needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, OPENAI_API_KEY, SMTP_URL, S3_BUCKET; set them, or HEKAX_SANDBOX=1')
  })

  it('passes the configuration check with HEKAX_SANDBOX=1 and a local media server', () => {
    // It then goes on to start the job queue, which fails on the unreachable database here.
    const result = startUp({ HEKAX_SANDBOX: '1', MEDIA_SERVER_PUBLIC_URL: 'ws://127.0.0.1:8081' })
    expect(result.stderr).not.toContain('Invalid configuration')
  })
})
