import { z } from 'zod'
import { prisma } from '@/lib/db/client'
import type { ScopedDb } from '@/lib/tenancy/scoped-db'

// Whether routing may ring a member's softphone. The member says it (available, busy, offline; a
// softphone that registers makes an offline member available); a member already talking on their
// softphone counts as busy whatever they said, so a second caller is not rung into a live call.

export const availabilitySchema = z.object({ status: z.enum(['AVAILABLE', 'BUSY', 'OFFLINE']) }).strict()
export type Availability = z.infer<typeof availabilitySchema>['status']

/**
 * A softphone leg of a member's that is live: a call to their client identity they answered, or
 * one they placed from it. Twilio ends a <Dial> leg after at most four hours (timeLimit 14400 s),
 * so an older row still "in progress" is a lost callback, not a call. routing-data.ts asks the
 * same in SQL.
 */
export const LIVE_CALL_WINDOW_MS = 4 * 60 * 60 * 1000
const liveSoftphoneLegs = (now: Date) => ({
  status: 'IN_PROGRESS' as const,
  startedAt: { gt: new Date(now.getTime() - LIVE_CALL_WINDOW_MS) },
  OR: [{ toNumber: { startsWith: 'client:' } }, { fromNumber: { startsWith: 'client:' } }],
})

export async function setAvailability(userId: string, organizationId: string, status: Availability) {
  const user = await prisma().user.update({
    where: { id: userId, organizationId },
    data: { availability: status, availabilityChangedAt: new Date() },
    select: { availability: true, availabilityChangedAt: true },
  })
  return { status: user.availability, changedAt: user.availabilityChangedAt }
}

/** Which of these members (an id filter) are on a softphone call now. */
async function membersOnCall(db: ScopedDb, agentUserId: { in: string[] } | { not: null }, now: Date): Promise<Set<string | null>> {
  const live = await db.callLog.findMany({ where: { agentUserId, ...liveSoftphoneLegs(now) }, select: { agentUserId: true } })
  return new Set(live.map((row) => row.agentUserId))
}

/** Members as routing rings them (RoutableUser in lib/routing/inbound-route.ts). */
export async function routableUsers(db: ScopedDb, userIds: string[], now = new Date()) {
  const [users, onCall] = await Promise.all([
    db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true, softphoneIdentity: true, forwardingNumber: true, availability: true } }),
    membersOnCall(db, { in: userIds }, now),
  ])
  return users.map((user) => ({ ...user, onCall: onCall.has(user.id) }))
}

/** The team as transfer targets and a presence list: each member's availability and whether they are on a call. */
export async function listAgents(db: ScopedDb, now = new Date()) {
  const [users, onCall] = await Promise.all([
    db.user.findMany({ select: { id: true, name: true, role: true, softphoneIdentity: true, availability: true }, orderBy: { name: 'asc' } }),
    membersOnCall(db, { not: null }, now),
  ])
  return users.map((user) => ({ id: user.id, name: user.name, role: user.role, identity: user.softphoneIdentity, availability: user.availability, onCall: onCall.has(user.id) }))
}
