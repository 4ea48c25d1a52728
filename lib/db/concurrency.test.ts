import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { describe, expect, inject, it } from 'vitest'
import { signUp } from '@/lib/accounts/signup'
import { signInWithPassword } from '@/lib/auth/credentials'
import { listMembers, addMember } from '@/lib/team/members'
import { scopedDb } from '@/lib/tenancy/scoped-db'
import { TEST_PASSWORD, uniqueEmail } from '@/lib/testing/factories'
import { testPrisma } from './test-database'

// The test run's database (the embedded PostgreSQL by default, PostgreSQL 15 in CI's second run)
// under the load a busy business puts on it: concurrent sign-ups, interactive transactions,
// member additions and signed-in reads through the app's own client, each checked for the right
// answer. PGlite served over a socket failed exactly here (README, "The database").

const CLIENTS = 50

describe('the database under concurrent requests', () => {
  const db = testPrisma()

  /** One client's session: sign up, add two members, sign in, read, and transact. */
  async function busyClient(index: number) {
    const ownerEmail = uniqueEmail(`burst-${index}`)
    const { organizationId, userId } = await signUp(db, { organizationName: `Burst ${index}`, name: `Owner ${index}`, email: ownerEmail, password: TEST_PASSWORD })
    const scoped = scopedDb(db, organizationId)
    const owner = { id: userId, role: 'OWNER' as const }
    const added = await Promise.all(
      (['AGENT', 'ADMIN'] as const).map((role) => addMember(scoped, owner, { name: `${role} ${index}`, email: uniqueEmail(`burst-${index}-${role}`), role, password: TEST_PASSWORD })),
    )
    const signedIn = await signInWithPassword(db, ownerEmail, TEST_PASSWORD, `10.0.${index >> 8}.${index & 255}`)
    const reads = await Promise.all([0, 1, 2].map(() => listMembers(scoped)))

    // Read-your-own-writes inside an interactive transaction, and a rollback that leaves nothing.
    const marker = randomUUID()
    const seenInside = await db.$transaction(async (tx) => {
      await tx.auditLog.create({ data: { organizationId, actorUserId: userId, action: 'burst.committed', targetType: 'Test', targetId: marker } })
      return tx.auditLog.count({ where: { organizationId, targetId: marker } })
    })
    await db
      .$transaction(async (tx) => {
        await tx.auditLog.create({ data: { organizationId, actorUserId: userId, action: 'burst.rolled_back', targetType: 'Test', targetId: marker } })
        throw new Error('roll back')
      })
      .catch((error: Error) => expect(error.message).toBe('roll back'))
    const afterwards = await db.auditLog.findMany({ where: { organizationId, targetId: marker }, select: { action: true } })
    return { organizationId, userId, added: added.map((member) => member.id), signedIn, reads, seenInside, afterwards }
  }

  it(`serves ${CLIENTS} clients at once with no error and no wrong answer`, { timeout: 180_000 }, async () => {
    const results = await Promise.all(Array.from({ length: CLIENTS }, (_, index) => busyClient(index)))

    expect(new Set(results.map((result) => result.organizationId)).size).toBe(CLIENTS)
    for (const result of results) {
      expect(result.signedIn).toMatchObject({ ok: true, user: { id: result.userId, organizationId: result.organizationId, role: 'OWNER' } })
      const expectedMembers = [result.userId, ...result.added].sort()
      for (const read of result.reads) expect(read.map((member) => member.id).sort()).toEqual(expectedMembers)
      expect(result.seenInside).toBe(1)
      expect(result.afterwards).toEqual([{ action: 'burst.committed' }])
    }
  })

  it('keeps each pooled connection’s extended-protocol statements apart while others are inside transactions', { timeout: 120_000 }, async () => {
    const pool = new pg.Pool({ connectionString: inject('databaseUrl'), max: 10 })
    const table = `burst_${randomUUID().replaceAll('-', '')}`
    await pool.query(`CREATE TABLE ${table} (id int PRIMARY KEY, note text NOT NULL)`)
    try {
      const operations = Array.from({ length: 3000 }, async (_, i) => {
        if (i % 3 === 0) {
          const client = await pool.connect()
          try {
            await client.query('BEGIN')
            await client.query(`INSERT INTO ${table} (id, note) VALUES ($1, $2)`, [i, `note ${i}`])
            const { rows } = await client.query<{ note: string }>(`SELECT note FROM ${table} WHERE id = $1`, [i])
            await client.query('COMMIT')
            return rows[0]?.note === `note ${i}`
          } finally {
            client.release()
          }
        }
        const { rows } = await pool.query<{ answer: number }>('SELECT $1::int * 2 AS answer', [i])
        return rows[0]?.answer === i * 2
      })
      const answers = await Promise.all(operations)
      expect(answers.filter((right) => !right)).toHaveLength(0)
      const { rows } = await pool.query<{ count: string }>(`SELECT count(*) FROM ${table}`)
      expect(Number(rows[0]!.count)).toBe(1000)
    } finally {
      await pool.query(`DROP TABLE ${table}`)
      await pool.end()
    }
  })
})
