import type { PrismaClient } from '@/lib/generated/prisma/client'
import { recordAudit } from '@/lib/audit/record'
import { conflict } from '@/lib/http/problem'
import { enqueueProvisioning } from '@/lib/provisioning/provisioning-job'
import type { ScopedDb } from '@/lib/tenancy/scoped-db'

// The organization as its members see it: its set-up state and its plan.

export async function organizationSummary(db: PrismaClient, organizationId: string) {
  const organization = await db.organization.findUniqueOrThrow({
    where: { id: organizationId },
    select: { id: true, name: true, provisioningStatus: true, provisioningStep: true, provisioningError: true, plan: { select: { name: true, numberLimit: true } } },
  })
  const numbersInUse = await db.phoneNumber.count({ where: { organizationId, status: 'ACTIVE' } })
  return { ...organization, plan: { ...organization.plan, numbersInUse } }
}

export type OrganizationSummary = Awaited<ReturnType<typeof organizationSummary>>

/** Queues provisioning again after it failed (OWNER/ADMIN); the job continues from the failed step. */
export async function retryProvisioning(db: PrismaClient, scoped: ScopedDb, actorUserId: string, organizationId: string) {
  const before = await db.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { provisioningStatus: true, provisioningStep: true, provisioningError: true } })
  if (before.provisioningStatus === 'READY') throw conflict('Your phone system is already set up.')
  await db.organization.update({ where: { id: organizationId }, data: { provisioningStatus: 'PENDING' } })
  await recordAudit(scoped, { actorUserId, action: 'provisioning.retried', targetType: 'Organization', targetId: organizationId, metadata: { before, after: { provisioningStatus: 'PENDING' } } })
  await enqueueProvisioning(organizationId)
  return organizationSummary(db, organizationId)
}
