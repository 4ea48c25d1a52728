// The app as production runs it, for benches: `next build` into its own folder, then
// `next start` on a free port with the production environment, waited on until healthy.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import path from 'node:path'
import { createInterface } from 'node:readline'

const DIST_DIR = '.next-bench'
const next = path.resolve('node_modules/.bin/next')

const secret = () => randomBytes(32).toString('base64')
/** Shared with the bench process, which seals secrets the app must open (ENCRYPTION_KEY). */
export const benchSecrets = { NEXTAUTH_SECRET: secret(), ENCRYPTION_KEY: `1:${secret()}`, MEDIA_STREAM_SECRET: secret() }

/** The production environment the app is built and started with. */
export function appEnv(baseUrl: string, databaseUrl: string, sandboxUrl: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...benchSecrets,
    NODE_ENV: 'production',
    NEXT_DIST_DIR: DIST_DIR,
    NEXT_TELEMETRY_DISABLED: '1',
    // As the dev command runs the app (scripts/dev.ts).
    UV_THREADPOOL_SIZE: '16',
    HEKAX_SANDBOX: '1',
    DATABASE_URL: databaseUrl,
    PUBLIC_URL: baseUrl,
    NEXTAUTH_URL: baseUrl,
    SANDBOX_URL: sandboxUrl,
    ...extra,
  }
}

export function buildApp(): void {
  // Nothing is reached during the build; the URLs only have to be valid.
  const built = spawnSync(next, ['build'], { stdio: 'inherit', env: appEnv('http://127.0.0.1:3000', 'postgresql://build@127.0.0.1:1/build', 'http://127.0.0.1:1') })
  if (built.status !== 0) throw new Error('next build failed')
}

/**
 * `next start` on the built app. `quiet` drops stderr lines that match it (a route that logs
 * every request would drown the bench's table); everything else still reaches the terminal.
 */
export async function startApp(databaseUrl: string, sandboxUrl: string, options: { env?: Record<string, string>; quiet?: RegExp } = {}): Promise<{ baseUrl: string; process: ChildProcess }> {
  const port = 3600 + Math.floor(Math.random() * 300)
  const baseUrl = `http://127.0.0.1:${port}`
  const app = spawn(next, ['start', '--port', String(port), '--hostname', '127.0.0.1'], {
    env: appEnv(baseUrl, databaseUrl, sandboxUrl, options.env),
    stdio: ['ignore', 'ignore', options.quiet ? 'pipe' : 'inherit'],
  })
  if (options.quiet && app.stderr) {
    const quiet = options.quiet
    createInterface({ input: app.stderr }).on('line', (line) => quiet.test(line) || process.stderr.write(`${line}\n`))
  }
  for (let i = 0; i < 600; i++) {
    const healthy = await fetch(`${baseUrl}/api/health`).then((response) => response.ok, () => false)
    if (healthy) return { baseUrl, process: app }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  app.kill()
  throw new Error('the app did not become healthy')
}
