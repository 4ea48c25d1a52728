import { z } from 'zod'
import { hashPassword, passwordWeakness } from '@/lib/auth/password'
import { normalizeEmail } from '@/lib/auth/credentials'
import { DUPLICATE_EMAIL, isUniqueViolation } from '@/lib/accounts/signup'
import { newSoftphoneIdentity } from '@/lib/accounts/identity'
import { recordAudit } from '@/lib/audit/record'
import { badRequest, conflict, forbidden, notFound } from '@/lib/http/problem'
import type { ScopedDb } from '@/lib/tenancy/scoped-db'

export const memberFields = { id: true, name: true, email: true, role: true, softphoneIdentity: true, createdAt: true, lastLoginAt: true } as const

export const addMemberSchema = z.object({
  name: z.string().trim().min(1, 'Enter a name.').max(100),
  email: z.email('Enter a valid email address.').max(254),
  role: z.enum(['AGENT', 'ADMIN']),
  password: z.string(),
})

export const changeRoleSchema = z.object({ role: z.enum(['AGENT', 'ADMIN']) })

interface Actor {
  id: string
  role: 'OWNER' | 'ADMIN' | 'AGENT'
}

export function listMembers(db: ScopedDb) {
  return db.user.findMany({ select: memberFields, orderBy: [{ role: 'asc' }, { name: 'asc' }] })
}

export async function addMember(db: ScopedDb, actor: Actor, input: z.infer<typeof addMemberSchema>) {
  const email = normalizeEmail(input.email)
  const weakness = passwordWeakness(input.password, [input.name, email.split('@')[0]!])
  if (weakness) throw badRequest(weakness, { password: weakness })
  try {
    const member = await db.user.create({
      data: { name: input.name, email, role: input.role, passwordHash: await hashPassword(input.password), softphoneIdentity: newSoftphoneIdentity() },
      select: memberFields,
    } as Parameters<ScopedDb['user']['create']>[0])
    await recordAudit(db, { actorUserId: actor.id, action: 'member.added', targetType: 'User', targetId: member.id, metadata: { role: input.role } })
    return member
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(DUPLICATE_EMAIL, { email: DUPLICATE_EMAIL })
    throw error
  }
}

async function findManageableMember(db: ScopedDb, actor: Actor, memberId: string) {
  const member = await db.user.findUnique({ where: { id: memberId } })
  if (!member) throw notFound('No such team member.')
  if (member.id === actor.id) throw forbidden('You cannot change or remove your own membership.')
  if (member.role === 'OWNER') throw forbidden('The owner cannot be changed or removed.')
  return member
}

export async function changeMemberRole(db: ScopedDb, actor: Actor, memberId: string, role: 'AGENT' | 'ADMIN') {
  const member = await findManageableMember(db, actor, memberId)
  const updated = await db.user.update({ where: { id: member.id }, data: { role }, select: memberFields })
  await recordAudit(db, { actorUserId: actor.id, action: 'member.role_changed', targetType: 'User', targetId: member.id, metadata: { from: member.role, to: role } })
  return updated
}

export async function removeMember(db: ScopedDb, actor: Actor, memberId: string) {
  const member = await findManageableMember(db, actor, memberId)
  // A number's route to a person is a RESTRICT foreign key: callers must never reach nobody.
  const routed = await db.phoneNumber.findMany({ where: { routeUserId: member.id }, select: { e164: true } })
  if (routed.length) throw conflict(`${member.name} answers calls to ${routed.map((number) => number.e164).join(', ')}. Route those numbers elsewhere first.`)
  await db.user.delete({ where: { id: member.id } })
  await recordAudit(db, { actorUserId: actor.id, action: 'member.removed', targetType: 'User', targetId: member.id, metadata: { email: member.email } })
}
