import { flowsSendingTo } from '@/lib/call-flows/call-flows'
import { z } from 'zod'
import { recordAudit } from '@/lib/audit/record'
import { conflict, forbidden, notFound } from '@/lib/http/problem'
import type { ScopedDb } from '@/lib/tenancy/scoped-db'

export const memberFields = { id: true, name: true, email: true, role: true, softphoneIdentity: true, createdAt: true, lastLoginAt: true } as const

export const changeRoleSchema = z.object({ role: z.enum(['AGENT', 'ADMIN']) })

export interface Actor {
  id: string
  role: 'OWNER' | 'ADMIN' | 'AGENT'
}

export function listMembers(db: ScopedDb) {
  return db.user.findMany({ select: memberFields, orderBy: [{ role: 'asc' }, { name: 'asc' }] })
}

async function findManageableMember(db: Pick<ScopedDb, 'user'>, actor: Actor, memberId: string) {
  const member = await db.user.findUnique({ where: { id: memberId } })
  if (!member) throw notFound('No such team member.')
  if (member.id === actor.id) throw forbidden('You cannot change or remove your own membership.')
  if (member.role === 'OWNER') throw forbidden('The owner cannot be changed or removed.')
  return member
}

// Each change and its audit entry share one transaction.

export async function changeMemberRole(db: ScopedDb, actor: Actor, memberId: string, role: 'AGENT' | 'ADMIN') {
  return db.$transaction(async (tx) => {
    const member = await findManageableMember(tx, actor, memberId)
    const updated = await tx.user.update({ where: { id: member.id }, data: { role }, select: memberFields })
    await recordAudit(tx, { actorUserId: actor.id, action: 'member.role_changed', targetType: 'User', targetId: member.id, metadata: { from: member.role, to: role } })
    return updated
  })
}

export async function removeMember(db: ScopedDb, actor: Actor, memberId: string) {
  await db.$transaction(async (tx) => {
    const member = await findManageableMember(tx, actor, memberId)
    // A number's route to a person is a RESTRICT foreign key: callers must never reach nobody.
    const routed = await tx.phoneNumber.findMany({ where: { routeUserId: member.id }, select: { e164: true } })
    if (routed.length) throw conflict(`${member.name} answers calls to ${routed.map((number) => number.e164).join(', ')}. Route those numbers elsewhere first.`)
    const flows = await flowsSendingTo(tx, { userId: member.id })
    if (flows.length) throw conflict(`Call flow ${flows.join(', ')} sends callers to ${member.name}. Change the flow first.`)
    await tx.user.delete({ where: { id: member.id } })
    await recordAudit(tx, { actorUserId: actor.id, action: 'member.removed', targetType: 'User', targetId: member.id, metadata: { email: member.email } })
  })
}
