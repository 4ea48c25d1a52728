import type { PrismaClient } from '@/lib/generated/prisma/client'
import type { JobDefinition } from '@/lib/jobs/queue'
import type { ObjectStore } from '@/lib/storage/object-store'
import { scopedDb } from '@/lib/tenancy/scoped-db'
import { deleteRecording } from './deletion'
import { retentionCutoff } from './retention'

// Hourly: for every organization with a retention period, the recordings made before its cutoff
// are deleted from S3, marked DELETED and audited (deletion.ts). Recordings that never reached S3
// (PENDING, FAILED) are marked too, so nothing outlives the period in our records either.

export const RETENTION_QUEUE = 'recording-retention'

export interface RetentionDependencies {
  db: PrismaClient
  store: () => Pick<ObjectStore, 'delete'>
  now?: () => Date
}

export async function applyRetention(deps: RetentionDependencies): Promise<number> {
  const now = deps.now?.() ?? new Date()
  const organizations = await deps.db.organization.findMany({ where: { recordingRetentionDays: { not: null } }, select: { id: true, recordingRetentionDays: true } })
  let deleted = 0
  for (const organization of organizations) {
    const cutoff = retentionCutoff(organization.recordingRetentionDays, now)!
    const db = scopedDb(deps.db, organization.id)
    const due = await db.recording.findMany({ where: { status: { not: 'DELETED' }, createdAt: { lt: cutoff } }, select: { id: true, s3Key: true }, take: 500 })
    for (const recording of due) {
      if (await deleteRecording(db, deps.store(), recording, { actorUserId: null, reason: 'retention', metadata: { retentionDays: organization.recordingRetentionDays! } })) deleted++
    }
  }
  return deleted
}

export function retentionJob(deps: RetentionDependencies): JobDefinition<Record<string, never>> {
  return {
    name: RETENTION_QUEUE,
    queue: { policy: 'singleton', retryLimit: 3, retryDelay: 60, retryBackoff: true },
    schedule: { cron: '17 * * * *', data: {} },
    async work() {
      const deleted = await applyRetention(deps)
      if (deleted) console.log(JSON.stringify({ msg: 'recordings deleted by retention', deleted }))
    },
  }
}
