import { describe, expect, it } from 'vitest'
import { testPrisma } from '@/lib/db/test-database'
import { jobs } from '@/lib/jobs/queue'
import { eventually, startTestJobs } from '@/lib/testing/jobs'
import { uniqueEmail } from '@/lib/testing/factories'
import { LOGIN_WINDOW_MS } from './login-throttle'
import { PRUNE_AUTH_RECORDS_QUEUE, pruneAuthRecordsJob } from './prune-job'

describe('pruning sign-in attempts on the job queue', () => {
  const db = testPrisma()

  it('runs on the job queue: removes attempts older than the window and keeps recent ones', async () => {
    await startTestJobs([pruneAuthRecordsJob({ db })])
    const email = uniqueEmail('prune-job')
    const now = new Date()
    await db.loginAttempt.createMany({ data: [{ email, ip: '10.8.0.1', succeeded: false, createdAt: new Date(now.getTime() - LOGIN_WINDOW_MS - 60_000) }, { email, ip: '10.8.0.1', succeeded: false, createdAt: now }] })
    await jobs().send(PRUNE_AUTH_RECORDS_QUEUE, {})
    await eventually(async () => (await db.loginAttempt.count({ where: { email } })) === 1, 'the old attempt to be pruned')
    expect((await db.loginAttempt.findMany({ where: { email } })).map((attempt) => attempt.createdAt)).toEqual([now])
  })
})
