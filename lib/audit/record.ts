import type { Prisma } from '@/lib/generated/prisma/client'
import type { ScopedDb } from '@/lib/tenancy/scoped-db'

export interface AuditEntry {
  actorUserId: string | null
  action: string
  targetType: string
  targetId?: string
  metadata?: Prisma.InputJsonValue
}

export async function recordAudit(db: ScopedDb, entry: AuditEntry): Promise<void> {
  // organizationId is written by the scoped client.
  await db.auditLog.create({ data: { ...entry } as Prisma.AuditLogUncheckedCreateInput })
}
