import type { Prisma } from '@/lib/generated/prisma/client'
import { recordAudit } from '@/lib/audit/record'
import type { ObjectStore } from '@/lib/storage/object-store'
import type { ScopedDb } from '@/lib/tenancy/scoped-db'

// Deleting a recording, by a member or by retention: S3's copy goes first (outside any
// transaction: it is a network call, and deleting a missing key succeeds, so a retry after a crash
// is harmless), then the row is marked DELETED and the audit entry written in one transaction.

export interface DeletionActor {
  actorUserId: string | null
  /** Why: a member's request or the organization's retention period. */
  reason: 'member' | 'retention'
  metadata?: Record<string, Prisma.InputJsonValue | null>
}

export async function deleteRecording(db: ScopedDb, store: Pick<ObjectStore, 'delete'>, recording: { id: string; s3Key: string | null }, actor: DeletionActor): Promise<boolean> {
  if (recording.s3Key) await store.delete(recording.s3Key)
  return db.$transaction(async (tx) => {
    const { count } = await tx.recording.updateMany({ where: { id: recording.id, status: { not: 'DELETED' } }, data: { status: 'DELETED', deletedAt: new Date(), s3Key: null } })
    if (count === 0) return false
    await recordAudit(tx, { actorUserId: actor.actorUserId, action: 'recording.deleted', targetType: 'Recording', targetId: recording.id, metadata: { reason: actor.reason, s3Key: recording.s3Key, ...actor.metadata } })
    return true
  })
}
