// The voice webhooks under load: signed /api/voice/incoming and /api/voice/status requests at a
// fixed concurrency, beside a bare route answering static TwiML from the same HTTP server in the
// same run, on the embedded PostgreSQL. The handlers are the app's own route modules behind a
// plain Node HTTP server (lib/testing/route-server.ts, the same server for both), not the Next.js production server.
// `npx tsx bench/voice-webhooks.ts [requests] [concurrency]`; part of `npm run bench`.
import { randomBytes } from 'node:crypto'
import { pathToFileURL } from 'node:url'
import twilio from 'twilio'
import { startEmbeddedDatabase } from '@/lib/db/embedded'
import { applyMigrations } from '@/lib/db/migrations'
import { createPrismaClient, prisma } from '@/lib/db/client'
import { createPhoneNumber } from '@/lib/testing/factories'
import { serveRoutes } from '@/lib/testing/route-server'
import { provisionedOrganization, startVoiceStack } from '@/app/api/voice/voice-test-stack'
import * as incoming from '@/app/api/voice/incoming/route'
import * as status from '@/app/api/voice/status/route'
import { formatTable } from './table'

export interface WebhookLoadRow {
  route: string
  requests: number
  concurrency: number
  p50Ms: number
  p99Ms: number
  errors: number
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!

async function drive(route: string, concurrency: number, requests: (() => Promise<Response>)[]): Promise<WebhookLoadRow> {
  const latencies: number[] = []
  let errors = 0
  let next = 0
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests.length) {
        const send = requests[next++]!
        const started = performance.now()
        const response = await send().catch(() => null)
        latencies.push(performance.now() - started)
        if (!response || response.status !== 200 || !(await response.text()).startsWith('<?xml')) errors++
      }
    }),
  )
  latencies.sort((a, b) => a - b)
  return { route, requests: requests.length, concurrency, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), errors }
}

export async function runVoiceWebhookBench(total = 1000, concurrency = 20): Promise<WebhookLoadRow[]> {
  const database = await startEmbeddedDatabase({ port: 0 })
  await applyMigrations(database.url)
  process.env.DATABASE_URL = database.url
  const db = createPrismaClient(database.url)
  const stack = await startVoiceStack()
  const bare = await serveRoutes({ '/bare': { POST: async () => new Response('<?xml version="1.0" encoding="UTF-8"?><Response/>', { headers: { 'Content-Type': 'text/xml' } }) } })
  try {
    const org = await provisionedOrganization(db, stack, 'bench')
    const number = await createPhoneNumber(db, org.organizationId, { e164: '+16175550999', routeKind: 'AI' })
    const signedPost = (baseUrl: string, path: string, params: Record<string, string>) => () => {
      const url = `${baseUrl}${path}`
      return fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(org.authToken, url, params) }, body: new URLSearchParams(params) })
    }
    const call = () => ({ AccountSid: org.accountSid, CallSid: `CA${randomBytes(16).toString('hex')}`, From: '+14155550142', To: number.e164, Direction: 'inbound', CallStatus: 'ringing' })
    const warmUp = Array.from({ length: 50 }, () => signedPost(stack.app.baseUrl, '/api/voice/incoming', call()))
    await drive('warm-up', concurrency, warmUp)

    const rows: WebhookLoadRow[] = []
    rows.push(await drive('bare route (static TwiML)', concurrency, Array.from({ length: total }, () => signedPost(bare.url, '/bare', call()))))
    const calls = Array.from({ length: total }, call)
    rows.push(await drive('/api/voice/incoming (AI route)', concurrency, calls.map((params) => signedPost(stack.app.baseUrl, '/api/voice/incoming', params))))
    // A burst of 200 status callbacks at once: 50 calls × (ringing, in-progress, completed, completed again).
    const burst = calls.slice(0, 50).flatMap((params) =>
      (['ringing', 'in-progress', 'completed', 'completed'] as const).map((callStatus, sequence) =>
        signedPost(stack.app.baseUrl, '/api/voice/status', { ...params, CallStatus: callStatus, SequenceNumber: String(Math.min(sequence, 2)), CallbackSource: 'call-progress-events', ...(callStatus === 'completed' && { CallDuration: '42' }) }),
      ),
    )
    rows.push(await drive('/api/voice/status (burst of 200 at once)', 200, burst))
    const usage = await db.usageRecord.count({ where: { organizationId: org.organizationId } })
    if (usage !== 50) throw new Error(`expected one usage row per completed call (50), found ${usage}`)
    return rows
  } finally {
    await bare.close()
    await stack.close()
    await db.$disconnect()
    await prisma().$disconnect()
    await database.stop()
  }
}

export function formatVoiceWebhookTable(rows: WebhookLoadRow[]): string {
  const bare = rows[0]!
  return formatTable(
    ['route', 'requests', 'concurrency', 'p50 ms', 'p99 ms', 'p99 vs bare', 'errors'],
    rows.map((row) => [row.route, String(row.requests), String(row.concurrency), row.p50Ms.toFixed(1), row.p99Ms.toFixed(1), `${(row.p99Ms / bare.p99Ms).toFixed(1)}×`, String(row.errors)]),
    { leftAlignFirst: true },
  )
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [requests, concurrency] = process.argv.slice(2).map(Number)
  const rows = await runVoiceWebhookBench(requests || undefined, concurrency || undefined)
  console.log(formatVoiceWebhookTable(rows))
  process.exit(0)
}
