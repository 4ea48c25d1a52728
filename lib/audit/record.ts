import type { Prisma } from '@/lib/generated/prisma/client'
import type { ScopedDb } from '@/lib/tenancy/scoped-db'

export interface AuditEntry {
  actorUserId: string | null
  action: string
  targetType: string
  targetId?: string
  metadata?: Prisma.InputJsonValue
}

/**
 * Writes an audit entry. Pass the transaction of the change it records, so the change and its
 * entry are committed together or not at all.
 */
export async function recordAudit(db: Pick<ScopedDb, 'auditLog'>, entry: AuditEntry): Promise<void> {
  // organizationId is written by the scoped client.
  await db.auditLog.create({ data: { ...entry } as Prisma.AuditLogUncheckedCreateInput })
}
