import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'

// The migration history in Prisma's own layout: prisma/migrations/<timestamp>_<name>/migration.sql
// and migration_lock.toml. Prisma's checksum is the SHA-256 (hex) of the file's bytes.

export const MIGRATIONS_DIR = path.resolve('prisma/migrations')

export interface MigrationFile {
  name: string
  sql: string
  checksum: string
}

export function migrationChecksum(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex')
}

export function readMigrations(dir = MIGRATIONS_DIR): MigrationFile[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const bytes = readFileSync(path.join(dir, name, 'migration.sql'))
      return { name, sql: bytes.toString('utf8'), checksum: migrationChecksum(bytes) }
    })
}

/** A migration folder name as Prisma makes it: UTC yyyyMMddHHmmss, then the name in snake case. */
export function migrationFolderName(name: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:T]/g, '').slice(0, 14)
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '')
  if (!slug) throw new Error('A migration needs a name of letters or digits')
  return `${stamp}_${slug}`
}
