import { randomBytes, randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { testPrisma } from '@/lib/db/test-database'
import { jobs } from '@/lib/jobs/queue'
import { eventually, startTestJobs } from '@/lib/testing/jobs'
import { claimStreamToken } from './media-gate'
import { PRUNE_STREAM_CLAIMS_QUEUE, pruneStreamClaimsJob } from './prune-stream-claims-job'

describe('pruning claimed stream tokens', () => {
  const db = testPrisma()

  it('runs on the job queue and removes expired claims only; a live token stays claimed', async () => {
    await startTestJobs([pruneStreamClaimsJob({ db })])
    const callSid = () => `CA${randomBytes(16).toString('hex')}`
    const expired = { jti: randomUUID(), callSid: callSid(), expiresAt: Date.now() - 60_000 }
    const live = { jti: randomUUID(), callSid: callSid(), expiresAt: Date.now() + 60_000 }
    // Claimed when it was still valid (a minute and a half ago).
    expect(await claimStreamToken(db, expired, expired.expiresAt - 30_000)).toBe('claimed')
    expect(await claimStreamToken(db, live)).toBe('claimed')

    await jobs().send(PRUNE_STREAM_CLAIMS_QUEUE, {})
    await eventually(async () => !(await db.streamTokenClaim.findUnique({ where: { jti: expired.jti } })), 'the expired claim to be pruned')
    expect(await db.streamTokenClaim.findUnique({ where: { jti: live.jti } })).not.toBeNull()
    expect(await claimStreamToken(db, live)).toBe('replayed')
  })
})
