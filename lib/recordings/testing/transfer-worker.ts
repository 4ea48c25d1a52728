// The recording jobs in a process of their own, started the way the app starts them (the jobs,
// then a sweep for recordings left waiting), for the crash test to kill with SIGKILL and start
// again. Configured by the environment: DATABASE_URL, SANDBOX_URL, SANDBOX_S3_URL, plus
// JOB_SCHEMA (the test's pg-boss schema) and ORGANIZATION_ID (the test's organization: the test
// database is shared with other test files, whose recordings this process must leave alone).
import { prisma } from '@/lib/db/client'
import { startJobs } from '@/lib/jobs/queue'
import { recordingJobs } from '@/lib/recordings/recording-jobs'
import { enqueuePendingTransfers } from '@/lib/recordings/transfer-job'

const db = prisma()
await startJobs({ connectionString: process.env.DATABASE_URL!, schema: process.env.JOB_SCHEMA!, pollingIntervalSeconds: 0.5 }, recordingJobs(db, { retryDelaySeconds: 1 }))
const queued = await enqueuePendingTransfers(db, true, new Date(), process.env.ORGANIZATION_ID!)
console.log(JSON.stringify({ msg: 'transfer worker ready', queued }))
