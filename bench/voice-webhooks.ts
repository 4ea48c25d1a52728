// The voice webhooks under load, through the production build (`next build` + `next start`, as
// bench/database.ts runs it): signed /api/voice/incoming and /api/voice/status requests at a fixed
// concurrency, beside the app's barest route under the same load — /api/voice/fallback, which
// reads the form, checks the signature with the cached account token and answers static TwiML
// without the database — on the embedded PostgreSQL, the Twilio sandbox and a stand-in media
// server readiness endpoint. `npx tsx bench/voice-webhooks.ts [requests] [concurrency] [--no-build]`
// (--no-build reuses the last build in .next-bench); part of `npm run bench`.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import twilio from 'twilio'
import { startTwilioSandbox } from '@/sandbox/twilio/index'
import { startEmbeddedDatabase } from '@/lib/db/embedded'
import { applyMigrations } from '@/lib/db/migrations'
import { createPrismaClient } from '@/lib/db/client'
import type { PrismaClient } from '@/lib/generated/prisma/client'
import { provisionOrganization } from '@/lib/provisioning/provision-organization'
import { createTwilioClient } from '@/lib/telephony/twilio-client'
import { createOrganization, createPhoneNumber } from '@/lib/testing/factories'
import { benchSecrets, buildApp, startApp } from './production-app'
import { formatTable } from './table'

export interface WebhookLoadRow {
  route: string
  requests: number
  concurrency: number
  p50Ms: number
  p99Ms: number
  errors: number
  /** Database transactions committed while the route ran, per request (each autocommitted query is one). */
  transactionsPerRequest: number
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!

/** Sends the requests at a fixed concurrency; returns each latency and the number of failures. */
async function drive(concurrency: number, requests: (() => Promise<Response>)[]): Promise<{ latencies: number[]; errors: number }> {
  const latencies: number[] = []
  let errors = 0
  let next = 0
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests.length) {
        const send = requests[next++]!
        const started = performance.now()
        const response = await send().catch(() => null)
        const body = response ? await response.text() : ''
        latencies.push(performance.now() - started)
        if (!response || response.status !== 200 || !body.startsWith('<?xml')) errors++
      }
    }),
  )
  return { latencies, errors }
}

type Phase = { latencies: number[]; errors: number; transactions: number }

function row(route: string, concurrency: number, samples: Phase[]): WebhookLoadRow {
  const latencies = samples.flatMap((sample) => sample.latencies).sort((a, b) => a - b)
  const errors = samples.reduce((sum, sample) => sum + sample.errors, 0)
  const transactions = samples.reduce((sum, sample) => sum + sample.transactions, 0)
  return { route, requests: latencies.length, concurrency, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), errors, transactionsPerRequest: transactions / latencies.length }
}

/**
 * Runs one phase and counts the database's committed transactions meanwhile (pg_stat_database;
 * backends report them within a second of going idle, hence the pause). The job queue's polling
 * is in every phase alike: the bare route's count is that background.
 */
async function measured(db: PrismaClient, concurrency: number, requests: (() => Promise<Response>)[]): Promise<Phase> {
  const committed = async () => {
    await new Promise((resolve) => setTimeout(resolve, 1500))
    const [stats] = await db.$queryRaw<{ n: bigint }[]>`SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()`
    return Number(stats!.n)
  }
  const before = await committed()
  const phase = await drive(concurrency, requests)
  // The two statistics reads are themselves transactions.
  return { ...phase, transactions: (await committed()) - before - 1 }
}

/** Rounds alternate between the routes, so a shared machine's changing load falls on both alike. */
const ROUNDS = 5

export async function runVoiceWebhookBench(total = 1000, concurrency = 20, options: { build?: boolean } = {}): Promise<WebhookLoadRow[]> {
  if (options.build !== false) buildApp()
  const database = await startEmbeddedDatabase({ dir: mkdtempSync(path.join(os.tmpdir(), 'hekax-bench-voice-')) })
  await applyMigrations(database.url)
  const sandbox = await startTwilioSandbox({ port: 0 })
  // The media server's readiness, which the AI route checks (cached 5 s) before streaming.
  const health = createServer((_req, res) => res.writeHead(200).end())
  await new Promise<void>((resolve) => health.listen(0, '127.0.0.1', resolve))
  const healthUrl = `http://127.0.0.1:${(health.address() as AddressInfo).port}/ready`
  // This process provisions the organization, sealing its subaccount token with the app's key.
  Object.assign(process.env, { DATABASE_URL: database.url, ENCRYPTION_KEY: benchSecrets.ENCRYPTION_KEY, SANDBOX_URL: sandbox.baseUrl })
  const db = createPrismaClient(database.url)
  const app = await startApp(database.url, sandbox.baseUrl, { env: { MEDIA_SERVER_HEALTH_URL: healthUrl, MEDIA_SERVER_PUBLIC_URL: 'ws://127.0.0.1:9' }, quiet: /fallback URL answered/ })
  try {
    const org = await createOrganization(db, 'bench')
    const clientFor = (credentials: { accountSid: string; authToken: string }) => createTwilioClient(credentials, { sandboxBaseUrl: sandbox.baseUrl })
    await provisionOrganization(db, org.organizationId, { parent: clientFor({ accountSid: sandbox.accountSid, authToken: sandbox.authToken }), subaccount: clientFor }, app.baseUrl)
    const { twilioAccountSid } = await db.organization.findUniqueOrThrow({ where: { id: org.organizationId } })
    const accountSid = twilioAccountSid!
    const authToken = sandbox.store.accounts.get(accountSid)!.authToken
    const number = await createPhoneNumber(db, org.organizationId, { e164: '+16175550999', routeKind: 'AI' })

    const signedPost = (pathname: string, params: Record<string, string>) => () => {
      const url = `${app.baseUrl}${pathname}`
      return fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(authToken, url, params) }, body: new URLSearchParams(params) })
    }
    const call = () => ({ AccountSid: accountSid, CallSid: `CA${randomBytes(16).toString('hex')}`, From: '+14155550142', To: number.e164, Direction: 'inbound', CallStatus: 'ringing' })
    // Warm-up: compiles nothing (production), but fills the account-token cache, the pool and the JIT.
    await drive(concurrency, Array.from({ length: 100 }, () => signedPost('/api/voice/incoming', call())))
    await drive(concurrency, Array.from({ length: 100 }, () => signedPost('/api/voice/fallback', call())))

    const calls = Array.from({ length: total }, call)
    const perRound = Math.ceil(total / ROUNDS)
    const bare: Phase[] = []
    const incoming: Phase[] = []
    for (let round = 0; round < ROUNDS; round++) {
      const slice = calls.slice(round * perRound, (round + 1) * perRound)
      bare.push(await measured(db, concurrency, slice.map(() => signedPost('/api/voice/fallback', call()))))
      incoming.push(await measured(db, concurrency, slice.map((params) => signedPost('/api/voice/incoming', params))))
    }
    const rows = [row('/api/voice/fallback (bare: no database)', concurrency, bare), row('/api/voice/incoming (AI route)', concurrency, incoming)]
    rows.push(row('/api/voice/status (completed)', concurrency, [await measured(db, concurrency, calls.map((params) => signedPost('/api/voice/status', { ...params, CallStatus: 'completed', SequenceNumber: '3', CallDuration: '42' })))]))
    // A burst of 200 status callbacks at once: 50 new calls × (ringing, in-progress, completed, completed again).
    const burstCalls = Array.from({ length: 50 }, call)
    const burst = burstCalls.flatMap((params) =>
      (['ringing', 'in-progress', 'completed', 'completed'] as const).map((callStatus, sequence) =>
        signedPost('/api/voice/status', { ...params, CallStatus: callStatus, SequenceNumber: String(Math.min(sequence, 2)), CallbackSource: 'call-progress-events', ...(callStatus === 'completed' && { CallDuration: '42' }) }),
      ),
    )
    rows.push(row('/api/voice/status (burst of 200 at once)', 200, [await measured(db, 200, burst)]))
    const usage = await db.usageRecord.count({ where: { organizationId: org.organizationId } })
    if (usage !== total + 50) throw new Error(`expected one usage row per completed call (${total + 50}), found ${usage}`)
    return rows
  } finally {
    app.process.kill('SIGTERM')
    await new Promise((resolve) => app.process.once('exit', resolve))
    await db.$disconnect()
    await sandbox.close()
    await new Promise((resolve) => health.close(resolve))
    await database.stop()
    rmSync(database.dir, { recursive: true, force: true })
  }
}

export function formatVoiceWebhookTable(rows: WebhookLoadRow[]): string {
  const bare = rows[0]!
  return formatTable(
    ['route', 'requests', 'concurrency', 'p50 ms', 'p99 ms', 'p99 vs bare', 'db transactions / request', 'errors'],
    rows.map((row) => [row.route, String(row.requests), String(row.concurrency), row.p50Ms.toFixed(1), row.p99Ms.toFixed(1), `${(row.p99Ms / bare.p99Ms).toFixed(2)}×`, row.transactionsPerRequest.toFixed(2), String(row.errors)]),
    { leftAlignFirst: true },
  )
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2)
  const [requests, concurrency] = args.filter((arg) => /^\d+$/.test(arg)).map(Number)
  const rows = await runVoiceWebhookBench(requests || undefined, concurrency || undefined, { build: !args.includes('--no-build') })
  console.log(formatVoiceWebhookTable(rows))
  console.log(`\nload average ${os.loadavg().map((load) => load.toFixed(2)).join(' ')}`)
  process.exit(0)
}
