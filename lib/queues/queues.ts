import { z } from 'zod'
import { Prisma } from '@/lib/generated/prisma/client'
import { flowsSendingTo } from '@/lib/call-flows/call-flows'
import { recordAudit } from '@/lib/audit/record'
import { isUniqueViolation } from '@/lib/accounts/signup'
import { badRequest, conflict, notFound } from '@/lib/http/problem'
import type { ScopedDb } from '@/lib/tenancy/scoped-db'

// Call queues (name and member agents) that numbers route to. QueueMember rows carry
// organizationId with composite foreign keys to Queue and User, so a member is always of the
// queue's own organization, whatever the code does.

export const queueSchema = z.object({
  name: z.string().trim().min(1, 'Give the queue a name.').max(64),
  memberUserIds: z.array(z.string().min(1).max(64)).max(200).default([]),
})
export const queueUpdateSchema = queueSchema.partial().strict()

const include = { members: { select: { userId: true, user: { select: { name: true } } } } } as const
type QueueRow = Prisma.QueueGetPayload<{ include: typeof include }>

const queueView = (queue: QueueRow) => ({
  id: queue.id,
  name: queue.name,
  memberUserIds: queue.members.map((member) => member.userId),
  members: queue.members.map((member) => ({ userId: member.userId, name: member.user.name })),
  createdAt: queue.createdAt,
})
const snapshot = (queue: QueueRow) => ({ name: queue.name, memberUserIds: queue.members.map((member) => member.userId) })

export async function listQueues(db: ScopedDb) {
  return (await db.queue.findMany({ include, orderBy: { name: 'asc' } })).map(queueView)
}

async function findQueue(db: ScopedDb, queueId: string) {
  const queue = await db.queue.findUnique({ where: { id: queueId }, include })
  if (!queue) throw notFound('That queue was not found.')
  return queue
}

/** Members must be of this organization: checked for a clear message, and enforced by the foreign keys. */
async function checkMembers(db: ScopedDb, userIds: string[]) {
  const unique = [...new Set(userIds)]
  if ((await db.user.count({ where: { id: { in: unique } } })) !== unique.length) {
    throw badRequest('Choose members of your own team.', { memberUserIds: 'Choose members of your own team.' })
  }
  return unique
}

const NAME_TAKEN = 'A queue with this name already exists.'

async function writing<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(NAME_TAKEN, { name: NAME_TAKEN })
    throw error
  }
}

export async function createQueue(db: ScopedDb, actorUserId: string, organizationId: string, input: z.infer<typeof queueSchema>) {
  const memberUserIds = await checkMembers(db, input.memberUserIds)
  const queue = await writing(() =>
    db.$transaction(async (tx) => {
      const { id } = await tx.queue.create({ data: { organizationId, name: input.name } })
      await tx.queueMember.createMany({ data: memberUserIds.map((userId) => ({ organizationId, queueId: id, userId })) })
      return tx.queue.findUniqueOrThrow({ where: { id }, include })
    }),
  )
  await recordAudit(db, { actorUserId, action: 'queue.created', targetType: 'Queue', targetId: queue.id, metadata: { before: null, after: snapshot(queue) } })
  return queueView(queue)
}

export async function updateQueue(db: ScopedDb, actorUserId: string, organizationId: string, queueId: string, input: z.infer<typeof queueUpdateSchema>) {
  const before = await findQueue(db, queueId)
  const memberUserIds = input.memberUserIds && (await checkMembers(db, input.memberUserIds))
  const after = await writing(() =>
    db.$transaction(async (tx) => {
      if (input.name !== undefined) await tx.queue.update({ where: { id: queueId }, data: { name: input.name } })
      if (memberUserIds) {
        await tx.queueMember.deleteMany({ where: { queueId } })
        await tx.queueMember.createMany({ data: memberUserIds.map((userId) => ({ organizationId, queueId, userId })) })
      }
      return tx.queue.findUniqueOrThrow({ where: { id: queueId }, include })
    }),
  )
  await recordAudit(db, { actorUserId, action: 'queue.updated', targetType: 'Queue', targetId: queueId, metadata: { before: snapshot(before), after: snapshot(after) } })
  return queueView(after)
}

export async function deleteQueue(db: ScopedDb, actorUserId: string, queueId: string) {
  const before = await findQueue(db, queueId)
  // A number's route to a queue is a RESTRICT foreign key: callers must never reach nobody.
  const routed = await db.phoneNumber.findMany({ where: { routeQueueId: queueId }, select: { e164: true } })
  if (routed.length) throw conflict(`Calls to ${routed.map((number) => number.e164).join(', ')} go to this queue. Route those numbers elsewhere first.`)
  const flows = await flowsSendingTo(db, { queueId })
  if (flows.length) throw conflict(`Call flow ${flows.join(', ')} sends callers to this queue. Change the flow first.`)
  await db.queue.delete({ where: { id: queueId } })
  await recordAudit(db, { actorUserId, action: 'queue.deleted', targetType: 'Queue', targetId: queueId, metadata: { before: snapshot(before), after: null } })
}
