import { cpSync, mkdtempSync, writeFileSync, appendFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { describe, expect, inject, it } from 'vitest'
import { migrationChecksum, readMigrations } from './migration-files'
import { applyMigrations, MigrationError } from './migrations'

// Each test gets a fresh, empty database on the test run's server (the embedded PostgreSQL, or
// the CI PostgreSQL).
async function freshDatabase(): Promise<string> {
  const serverUrl = inject('databaseUrl')
  const name = `migrations_${Date.now()}_${Math.floor(Math.random() * 1e6)}`
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name}`)
  await admin.end()
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return url.toString()
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query<T>(sql)).rows
  } finally {
    await client.end()
  }
}

function copyOfMigrations(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'hekax-migrations-'))
  cpSync(path.resolve('prisma/migrations'), dir, { recursive: true })
  return dir
}

describe('the migration runner', () => {
  it('applies the history once, keeping Prisma’s bookkeeping', async () => {
    const url = await freshDatabase()
    const files = readMigrations()
    expect(files.length).toBeGreaterThan(0)
    expect(await applyMigrations(url)).toEqual(files.map((file) => file.name))

    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number; rolled_back_at: Date | null }>(
      url,
      'SELECT * FROM "_prisma_migrations" ORDER BY migration_name',
    )
    expect(rows.map((row) => [row.migration_name, row.checksum, row.applied_steps_count, row.rolled_back_at])).toEqual(
      files.map((file) => [file.name, migrationChecksum(file.sql), 1, null]),
    )
    expect(rows.every((row) => row.finished_at instanceof Date)).toBe(true)
    const tables = await query<{ table_name: string }>(url, `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`)
    expect(tables.map((table) => table.table_name)).toEqual(expect.arrayContaining(['Organization', 'User', 'CallLog', 'AuditLog']))

    expect(await applyMigrations(url)).toEqual([])
  })

  it('refuses a migration edited after it was applied', async () => {
    const url = await freshDatabase()
    const dir = copyOfMigrations()
    await applyMigrations(url, dir)
    const first = readMigrations(dir)[0]!
    appendFileSync(path.join(dir, first.name, 'migration.sql'), '\n-- edited\n')
    await expect(applyMigrations(url, dir)).rejects.toThrow(new MigrationError(`Migration ${first.name} was modified after it was applied. Restore the file, or add a new migration instead.`))
  })

  it('records a failed migration as Prisma does and blocks until it is resolved', async () => {
    const url = await freshDatabase()
    const dir = copyOfMigrations()
    await applyMigrations(url, dir)
    const broken = '29990101000000_broken'
    cpSync(path.join(dir, readMigrations(dir)[0]!.name), path.join(dir, broken), { recursive: true })
    writeFileSync(path.join(dir, broken, 'migration.sql'), 'CREATE TABLE "Fine" (id int);\nSELECT * FROM "NoSuchTable";\n')
    await expect(applyMigrations(url, dir)).rejects.toThrow(/Migration 29990101000000_broken failed: .*NoSuchTable/)
    const [row] = await query<{ finished_at: Date | null; logs: string }>(url, `SELECT finished_at, logs FROM "_prisma_migrations" WHERE migration_name = '${broken}'`)
    expect(row).toMatchObject({ finished_at: null, logs: expect.stringContaining('NoSuchTable') })
    // Rolled back as a whole: the table created before the failing statement is not there.
    expect(await query(url, `SELECT 1 FROM information_schema.tables WHERE table_name = 'Fine'`)).toEqual([])
    await expect(applyMigrations(url, dir)).rejects.toThrow(/29990101000000_broken failed earlier and is not resolved/)
  })
})
