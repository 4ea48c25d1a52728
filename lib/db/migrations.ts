import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { MIGRATIONS_DIR, readMigrations, type MigrationFile } from './migration-files'

// Applies the migration history the way `prisma migrate deploy` does, keeping Prisma's own
// `_prisma_migrations` bookkeeping, so Prisma's CLI agrees with us on a connected machine.
// (Prisma Migrate's native engine cannot be downloaded offline; see README "The database".)

// Prisma's DDL for the table (schema-engine, sql-migration-connector, postgres flavour).
const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
);`

export class MigrationError extends Error {
  override name = 'MigrationError'
}

interface AppliedRow {
  migration_name: string
  checksum: string
  finished_at: Date | null
  rolled_back_at: Date | null
}

/** Checks the recorded history against the files; returns the migrations still to apply. */
export function pendingMigrations(files: MigrationFile[], rows: AppliedRow[]): MigrationFile[] {
  const live = rows.filter((row) => !row.rolled_back_at)
  const failed = live.find((row) => !row.finished_at)
  if (failed) {
    // Prisma's P3009: a failed migration blocks everything until it is resolved.
    throw new MigrationError(`Migration ${failed.migration_name} failed earlier and is not resolved. Fix the database, then mark it rolled back or applied.`)
  }
  const byName = new Map(files.map((file) => [file.name, file]))
  for (const row of live) {
    const file = byName.get(row.migration_name)
    if (!file) throw new MigrationError(`Migration ${row.migration_name} is applied to the database but missing from prisma/migrations.`)
    if (file.checksum !== row.checksum) {
      throw new MigrationError(`Migration ${row.migration_name} was modified after it was applied. Restore the file, or add a new migration instead.`)
    }
  }
  const applied = new Set(live.map((row) => row.migration_name))
  return files.filter((file) => !applied.has(file.name))
}

/** Applies pending migrations, each in its own transaction; returns their names. */
export async function applyMigrations(databaseUrl: string, dir = MIGRATIONS_DIR): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    await client.query(CREATE_MIGRATIONS_TABLE)
    const { rows } = await client.query<AppliedRow>('SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at')
    const pending = pendingMigrations(readMigrations(dir), rows)
    for (const migration of pending) await applyOne(client, migration)
    return pending.map((migration) => migration.name)
  } finally {
    await client.end()
  }
}

async function applyOne(client: pg.Client, migration: MigrationFile): Promise<void> {
  const id = randomUUID()
  await client.query('INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)', [
    id,
    migration.checksum,
    migration.name,
  ])
  try {
    await client.query('BEGIN')
    await client.query(migration.sql)
    await client.query('UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1', [id])
    await client.query('COMMIT')
  } catch (error) {
    await client.query('ROLLBACK')
    const message = (error as Error).message
    // Left unfinished, with the reason in `logs`, exactly as Prisma records a failed migration.
    await client.query('UPDATE "_prisma_migrations" SET logs = $2 WHERE id = $1', [id, message])
    throw new MigrationError(`Migration ${migration.name} failed: ${message}`)
  }
}
