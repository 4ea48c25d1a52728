import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { diffMigrationsAgainstSchema, SCHEMA_PATH } from './schema-engine'

describe('the migration history and schema.prisma', () => {
  it('build the same database (no drift)', async () => {
    const diff = await diffMigrationsAgainstSchema()
    expect(diff.sql).toBe('')
    expect(diff.inSync).toBe(true)
  })

  it('a schema change the history lacks shows up as drift, with the SQL to fix it', async () => {
    const schema = readFileSync(SCHEMA_PATH, 'utf8').replace('model LoginAttempt {', 'model LoginAttempt {\n  userAgent String?')
    const diff = await diffMigrationsAgainstSchema({ schema })
    expect(diff.inSync).toBe(false)
    expect(diff.sql).toContain('ALTER TABLE "LoginAttempt" ADD COLUMN     "userAgent" TEXT')
  })
})
