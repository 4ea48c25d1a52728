import type { Prisma, PrismaClient } from '@/lib/generated/prisma/client'

// The organization's event history: what background work did, with Twilio's raw answers, for
// admins and operators. People see plain words elsewhere; the detail is kept here.
export interface OrganizationEventInput {
  type: string
  message: string
  detail?: Prisma.InputJsonValue
}

export async function recordOrganizationEvent(db: PrismaClient, organizationId: string, event: OrganizationEventInput): Promise<void> {
  await db.organizationEvent.create({ data: { organizationId, ...event } })
}
