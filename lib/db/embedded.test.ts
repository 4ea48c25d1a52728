import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { EMBEDDED_POSTGRES_MAJOR, startEmbeddedDatabase } from './embedded'

// The embedded PostgreSQL as the dev command runs it: a kept data folder, restarts, crashes.
const parent = mkdtempSync(path.join(tmpdir(), 'hekax-embedded-test-'))
// Traversable by the `postgres` user the server runs as when tests run as root.
chmodSync(parent, 0o755)
afterAll(() => rmSync(parent, { recursive: true, force: true }))

async function query<T extends pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query<T>(sql, values)).rows
  } finally {
    await client.end()
  }
}

function postmasterPid(dir: string): number {
  return Number(readFileSync(path.join(dir, 'postmaster.pid'), 'utf8').split('\n')[0])
}

async function waitForExit(pid: number) {
  for (;;) {
    try {
      process.kill(pid, 0)
    } catch {
      return
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

describe('the embedded PostgreSQL', () => {
  it('is a real PostgreSQL whose data folder is kept across restarts', async () => {
    const dir = path.join(parent, 'kept')
    const first = await startEmbeddedDatabase({ dir })
    const [{ server_version }] = await query<{ server_version: string }>(first.url, 'SHOW server_version')
    expect(server_version.split('.')[0]).toBe(EMBEDDED_POSTGRES_MAJOR)
    await query(first.url, 'CREATE TABLE kept (note text)')
    await query(first.url, 'INSERT INTO kept VALUES ($1)', ['still here'])
    await first.stop()
    expect(existsSync(path.join(dir, 'postmaster.pid'))).toBe(false)

    const second = await startEmbeddedDatabase({ dir })
    expect(await query(second.url, 'SELECT note FROM kept')).toEqual([{ note: 'still here' }])
    await second.stop()
  })

  it('starts again after the server was killed, and after its PID was reused by another process', async () => {
    const dir = path.join(parent, 'crashed')
    const first = await startEmbeddedDatabase({ dir })
    await query(first.url, 'CREATE TABLE survived (n int)')
    await query(first.url, 'INSERT INTO survived VALUES (1)')
    const pid = postmasterPid(dir)
    process.kill(pid, 'SIGKILL')
    await waitForExit(pid)
    expect(existsSync(path.join(dir, 'postmaster.pid'))).toBe(true)

    const afterCrash = await startEmbeddedDatabase({ dir })
    expect(await query(afterCrash.url, 'SELECT n FROM survived')).toEqual([{ n: 1 }])
    await afterCrash.stop()

    // A stale lock naming a live process that is not PostgreSQL (here: this test's own PID).
    writeFileSync(path.join(dir, 'postmaster.pid'), `${process.pid}\n${dir}\n`)
    const afterReuse = await startEmbeddedDatabase({ dir })
    expect(await query(afterReuse.url, 'SELECT n FROM survived')).toEqual([{ n: 1 }])
    await afterReuse.stop()
  })

  it('refuses, with a plain reason, a data folder another server is running on', async () => {
    const dir = path.join(parent, 'busy')
    const running = await startEmbeddedDatabase({ dir })
    await expect(startEmbeddedDatabase({ dir })).rejects.toThrow(/already running \(PID \d+\)/)
    expect(await query(running.url, 'SELECT 1 AS ok')).toEqual([{ ok: 1 }])
    await running.stop()
  })

  it('refuses a port that is taken, naming the variable to change', async () => {
    const running = await startEmbeddedDatabase()
    await expect(startEmbeddedDatabase({ port: running.port })).rejects.toThrow(/Port \d+ is in use: set EMBEDDED_DB_PORT/)
    await running.stop()
  })

  it('refuses a data folder made by another major version instead of damaging it', async () => {
    const dir = path.join(parent, 'old')
    const made = await startEmbeddedDatabase({ dir })
    await made.stop()
    writeFileSync(path.join(dir, 'PG_VERSION'), '15\n')
    await expect(startEmbeddedDatabase({ dir })).rejects.toThrow(/made by PostgreSQL 15; this is PostgreSQL 17/)
  })

  it('removes a throwaway cluster’s folder when it stops', async () => {
    const throwaway = await startEmbeddedDatabase()
    expect(existsSync(path.join(throwaway.dir, 'PG_VERSION'))).toBe(true)
    await throwaway.stop()
    expect(existsSync(throwaway.dir)).toBe(false)
  })
})
