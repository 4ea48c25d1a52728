import { z } from 'zod'
import type { PrismaClient } from '@/lib/generated/prisma/client'
import { RETENTION_CHOICES } from './retention'

// The organization's recording settings: which calls are recorded, the disclosure said first,
// and how long recordings are kept. Changes are audited with their before and after.

export const recordingSettingsSchema = z.object({
  recordingPolicy: z.enum(['ALL', 'NONE', 'ON_DEMAND']).optional(),
  recordingDisclosure: z.string().trim().min(1).max(500).optional(),
  recordingRetentionDays: z.union(RETENTION_CHOICES.map((days) => z.literal(days)) as [z.ZodLiteral<30>, z.ZodLiteral<90>, z.ZodLiteral<365>, z.ZodLiteral<null>]).optional(),
})

const select = { recordingPolicy: true, recordingDisclosure: true, recordingRetentionDays: true } as const

export async function recordingSettings(db: PrismaClient, organizationId: string) {
  return db.organization.findUniqueOrThrow({ where: { id: organizationId }, select })
}

export async function updateRecordingSettings(db: PrismaClient, actorUserId: string, organizationId: string, changes: z.infer<typeof recordingSettingsSchema>) {
  return db.$transaction(async (tx) => {
    const before = await tx.organization.findUniqueOrThrow({ where: { id: organizationId }, select })
    const after = await tx.organization.update({ where: { id: organizationId }, data: changes, select })
    await tx.auditLog.create({ data: { organizationId, actorUserId, action: 'recording.settings.changed', targetType: 'Organization', targetId: organizationId, metadata: { before, after } } })
    return after
  })
}
