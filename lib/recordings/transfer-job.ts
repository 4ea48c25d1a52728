import type { PrismaClient } from '@/lib/generated/prisma/client'
import { jobs, jobsRunning, type JobDefinition } from '@/lib/jobs/queue'
import { transferRecording, type TransferDependencies } from './transfer'

// The transfer runs as a pg-boss job keyed by RecordingSid. The queue is "short": at most one
// job queued per recording, so duplicated callbacks queue one transfer. ("stately" would also
// forbid a second active job, but a crashed process's job stays active until it expires, and
// pg-boss then cannot start the recording's next job — nor, first in line, any other.) Two
// attempts at once are harmless: the object key is fixed and every step is idempotent. A failure — Twilio still processing, a 404, S3 down, a cut download, a checksum that
// does not match — throws, and pg-boss retries after a doubling delay; the final attempt marks
// the recording FAILED with the reason, and Twilio's copy is left alone. A crash mid-transfer
// leaves the row PENDING: the job expires and is retried, and the sweep (at start and every ten
// minutes) queues any recording still waiting.

export const TRANSFER_QUEUE = 'transfer-recording'
export const SWEEP_QUEUE = 'sweep-recordings'

export interface TransferJobData {
  organizationId: string
  recordingSid: string
}

export interface TransferJobDependencies extends Omit<TransferDependencies, 'store'> {
  store: () => TransferDependencies['store']
  retryDelaySeconds?: number
  retryLimit?: number
  /** How long an attempt may run before pg-boss takes it for dead (a crashed process) and retries it. */
  expireInSeconds?: number
}

export function transferJob(deps: TransferJobDependencies): JobDefinition<TransferJobData> {
  return {
    name: TRANSFER_QUEUE,
    queue: { policy: 'short', retryLimit: deps.retryLimit ?? 12, retryDelay: deps.retryDelaySeconds ?? 5, retryBackoff: true, expireInSeconds: deps.expireInSeconds ?? 15 * 60 },
    async work(job) {
      const { organizationId, recordingSid } = job.data
      try {
        await transferRecording({ ...deps, store: deps.store() }, organizationId, recordingSid)
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error)
        console.warn(JSON.stringify({ msg: 'recording transfer failed', recordingSid, attempt: job.retryCount + 1, of: job.retryLimit + 1, reason }))
        if (job.retryCount >= job.retryLimit) {
          await deps.db.recording.updateMany({ where: { organizationId, recordingSid, status: 'PENDING' }, data: { status: 'FAILED', failureReason: `transfer gave up after ${job.retryLimit + 1} attempts: ${reason}` } })
        }
        throw error
      }
    },
  }
}

/** Queues the transfer; one already waiting for this recording is not duplicated. */
export async function enqueueTransfer(data: TransferJobData): Promise<void> {
  // Without a job queue in this process (a route test), the sweep picks the recording up.
  if (!jobsRunning()) return console.warn(JSON.stringify({ msg: 'recording transfer not queued: no job queue in this process', recordingSid: data.recordingSid }))
  await jobs().send(TRANSFER_QUEUE, data satisfies TransferJobData, { singletonKey: data.recordingSid })
}

/** Queues every recording still waiting for its transfer, or for its deletion at Twilio (of one organization, if named). */
export async function enqueuePendingTransfers(db: PrismaClient, deleteFromTwilio: boolean, olderThan = new Date(), organizationId?: string): Promise<number> {
  const waiting = await db.recording.findMany({
    where: { createdAt: { lte: olderThan }, ...(organizationId && { organizationId }), OR: [{ status: 'PENDING' }, ...(deleteFromTwilio ? [{ status: 'STORED' as const, deletedFromTwilio: false }] : [])] },
    select: { organizationId: true, recordingSid: true },
    take: 1000,
  })
  for (const recording of waiting) await enqueueTransfer(recording)
  return waiting.length
}

/** Every ten minutes: recordings left waiting for two minutes or more (a lost job, a crash) are queued again. */
export function sweepRecordingsJob(deps: { db: PrismaClient; deleteFromTwilio: boolean }): JobDefinition<Record<string, never>> {
  return {
    name: SWEEP_QUEUE,
    queue: { policy: 'singleton', retryLimit: 1 },
    schedule: { cron: '*/10 * * * *', data: {} },
    async work() {
      await enqueuePendingTransfers(deps.db, deps.deleteFromTwilio, new Date(Date.now() - 2 * 60_000))
    },
  }
}
