// The database under a burst of real users, through the production build: concurrent sign-ups,
// sign-ins, member additions and signed-in reads, each answer checked. Run on the embedded
// PostgreSQL (the default with no DATABASE_URL) and, when Debian's PostgreSQL 15 is installed, on
// it, in the same run. `npx tsx bench/database.ts [clients]`; part of `npm run bench`.
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync, chmodSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { startEmbeddedDatabase } from '@/lib/db/embedded'
import { applyMigrations } from '@/lib/db/migrations'
import { startTwilioSandbox } from '@/sandbox/twilio/index'
import { buildApp, startApp } from './production-app'
import { formatTable } from './table'

const PASSWORD = 'bench-password-7731'
const READS_PER_CLIENT = 5

interface Database {
  label: string
  url: string
  stop(): Promise<void>
}

/** What a request does; sign-up, sign-in and member additions each hash a password (scrypt, N=2^15). */
type RequestKind = 'sign-up' | 'sign-in' | 'add member' | 'read team'
const KINDS: RequestKind[] = ['sign-up', 'sign-in', 'add member', 'read team']

export interface DatabaseLoadRow {
  database: string
  kind: RequestKind | 'all'
  requests: number
  perSecond: number
  p50Ms: number
  p99Ms: number
  errors: number
  wrongAnswers: number
}

/** Debian's PostgreSQL 15 in a throwaway cluster, as CI's parity run starts it. */
function debianPostgres15(): (() => Promise<Database>) | null {
  const bin = '/usr/lib/postgresql/15/bin'
  if (!existsSync(path.join(bin, 'initdb'))) return null
  return async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hekax-bench-pg15-'))
    chmodSync(dir, 0o777)
    const port = 56_000 + Math.floor(Math.random() * 1000)
    const asPostgres = (command: string, args: string[]) => {
      const asRoot = process.getuid?.() === 0
      const result = spawnSync(asRoot ? 'runuser' : command, asRoot ? ['-u', 'postgres', '--', command, ...args] : args, { encoding: 'utf8' })
      if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr}`)
    }
    asPostgres(`${bin}/initdb`, ['-D', `${dir}/data`, '-U', 'postgres', '--auth=trust'])
    asPostgres(`${bin}/pg_ctl`, ['-D', `${dir}/data`, '-o', `-c listen_addresses=127.0.0.1 -p ${port} -c unix_socket_directories= -c max_connections=200`, '-l', `${dir}/log`, '-w', 'start'])
    return {
      label: 'PostgreSQL 15 (Debian)',
      url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
      async stop() {
        asPostgres(`${bin}/pg_ctl`, ['-D', `${dir}/data`, '-m', 'fast', 'stop'])
        rmSync(dir, { recursive: true, force: true })
      },
    }
  }
}

async function embeddedPostgres(): Promise<Database> {
  const database = await startEmbeddedDatabase({ dir: mkdtempSync(path.join(tmpdir(), 'hekax-bench-embedded-')) })
  return {
    label: 'embedded PostgreSQL 17',
    url: database.url,
    async stop() {
      await database.stop()
      rmSync(database.dir, { recursive: true, force: true })
    },
  }
}

/** One browser's worth of cookies. */
class Session {
  private cookies = new Map<string, string>()
  constructor(private readonly baseUrl: string) {}

  async request(pathname: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers)
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '))
    const response = await fetch(`${this.baseUrl}${pathname}`, { ...init, headers, redirect: 'manual' })
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';')
      const at = pair!.indexOf('=')
      this.cookies.set(pair!.slice(0, at), pair!.slice(at + 1))
    }
    return response
  }

  json(pathname: string, body: unknown, method = 'POST') {
    return this.request(pathname, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  }

  async signIn(email: string, password: string): Promise<boolean> {
    const { csrfToken } = (await (await this.request('/api/auth/csrf')).json()) as { csrfToken: string }
    const form = new URLSearchParams({ csrfToken, email, password, json: 'true' })
    await this.request('/api/auth/callback/credentials', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form })
    return this.cookies.has('next-auth.session-token')
  }
}

async function runClients(baseUrl: string, clients: number, database: string): Promise<DatabaseLoadRow[]> {
  const latencies = new Map<RequestKind, number[]>(KINDS.map((kind) => [kind, []]))
  const errors = new Map<RequestKind, number>(KINDS.map((kind) => [kind, 0]))
  let wrongAnswers = 0
  /** Times one request; a request that fails or answers another status counts as an error. */
  const timed = async <T extends Response | boolean>(kind: RequestKind, work: () => Promise<T>, status = 200): Promise<T | null> => {
    const started = performance.now()
    const answer = await work().catch(() => null)
    latencies.get(kind)!.push(performance.now() - started)
    const ok = answer instanceof Response ? answer.status === status : answer === true
    if (!ok) errors.set(kind, errors.get(kind)! + 1)
    return ok ? answer : null
  }

  const client = async (index: number) => {
    const session = new Session(baseUrl)
    const tag = randomBytes(4).toString('hex')
    const ownerEmail = `owner-${tag}@bench.test`
    if (!(await timed('sign-up', () => session.json('/api/signup', { organizationName: `Bench ${index}`, name: `Owner ${index}`, email: ownerEmail, password: PASSWORD }), 201))) return
    const signedIn = await timed('sign-in', () => session.signIn(ownerEmail, PASSWORD))
    if (signedIn === null) return
    const memberEmails = [ownerEmail]
    for (const role of ['AGENT', 'ADMIN']) {
      const email = `${role.toLowerCase()}-${tag}@bench.test`
      if (await timed('add member', () => session.json('/api/team', { name: `${role} ${index}`, email, role, password: PASSWORD }), 201)) memberEmails.push(email)
    }
    await Promise.all(
      Array.from({ length: READS_PER_CLIENT }, async () => {
        const read = await timed('read team', () => session.request('/api/team'))
        if (!read) return
        const { members } = (await read.json()) as { members: { email: string }[] }
        if (members.map((member) => member.email).sort().join() !== [...memberEmails].sort().join()) wrongAnswers++
      }),
    )
  }

  const started = performance.now()
  await Promise.all(Array.from({ length: clients }, (_, index) => client(index)))
  const seconds = (performance.now() - started) / 1000
  const row = (kind: RequestKind | 'all', samples: number[], failed: number, wrong: number): DatabaseLoadRow => {
    const sorted = [...samples].sort((a, b) => a - b)
    const percentile = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0
    return { database, kind, requests: sorted.length, perSecond: sorted.length / seconds, p50Ms: percentile(50), p99Ms: percentile(99), errors: failed, wrongAnswers: wrong }
  }
  return [
    ...KINDS.map((kind) => row(kind, latencies.get(kind)!, errors.get(kind)!, kind === 'read team' ? wrongAnswers : 0)),
    row('all', [...latencies.values()].flat(), [...errors.values()].reduce((a, b) => a + b, 0), wrongAnswers),
  ]
}

export async function runDatabaseBench(clients = 50): Promise<DatabaseLoadRow[]> {
  buildApp()
  const sandbox = await startTwilioSandbox({ port: 0 })
  const rows: DatabaseLoadRow[] = []
  try {
    for (const start of [embeddedPostgres, debianPostgres15()]) {
      if (!start) continue
      const database = await start()
      try {
        await applyMigrations(database.url)
        const app = await startApp(database.url, sandbox.baseUrl)
        try {
          rows.push(...(await runClients(app.baseUrl, clients, database.label)))
        } finally {
          app.process.kill('SIGTERM')
        }
      } finally {
        await database.stop()
      }
    }
  } finally {
    await sandbox.close()
  }
  return rows
}

export function formatDatabaseTable(rows: DatabaseLoadRow[]): string {
  return formatTable(
    ['database', 'requests', 'count', 'per s', 'p50 ms', 'p99 ms', 'errors', 'wrong answers'],
    rows.map((row) => [row.database, row.kind, String(row.requests), row.perSecond.toFixed(1), row.p50Ms.toFixed(0), row.p99Ms.toFixed(0), String(row.errors), String(row.wrongAnswers)]),
    { leftAlignFirst: true },
  )
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const clients = Number(process.argv.slice(2).find((arg) => /^\d+$/.test(arg)) ?? 50)
  console.log(`Database under ${clients} concurrent users through the production build (sign up, sign in, add 2 members, ${READS_PER_CLIENT} reads each)\n`)
  console.log(formatDatabaseTable(await runDatabaseBench(clients)))
}
