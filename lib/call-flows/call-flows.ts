import type { z } from 'zod'
import type { Prisma } from '@/lib/generated/prisma/client'
import { isUniqueViolation } from '@/lib/accounts/signup'
import { recordAudit } from '@/lib/audit/record'
import { badRequest, conflict, notFound } from '@/lib/http/problem'
import type { ScopedDb } from '@/lib/tenancy/scoped-db'
import { callFlowBodySchema, flowDestinations, flowGraphProblems, type FlowDefinition } from './flow-schema'

// Call flows through the API. Every save writes a new version (the flow row keeps only the name),
// so a call already inside a menu goes on with the version it started on. Users and queues inside
// a flow are ids in JSON, not foreign keys: each save checks them against the organization.

export type CallFlowBody = z.infer<typeof callFlowBodySchema>

const include = {
  versions: { orderBy: { version: 'desc' }, take: 1 },
  phoneNumbers: { where: { status: { not: 'RELEASED' } }, select: { id: true, e164: true, friendlyName: true }, orderBy: { createdAt: 'asc' } },
} as const
type FlowRow = Prisma.CallFlowGetPayload<{ include: typeof include }>

function callFlowView(flow: FlowRow) {
  const latest = flow.versions[0]!
  const definition = latest.definition as unknown as FlowDefinition
  return {
    id: flow.id,
    name: flow.name,
    version: latest.version,
    versionId: latest.id,
    entry: definition.entry,
    steps: definition.steps,
    numbers: flow.phoneNumbers.map((number) => ({ id: number.id, phoneNumber: number.e164, friendlyName: number.friendlyName })),
    createdAt: flow.createdAt,
    updatedAt: latest.createdAt,
  }
}
export type CallFlowView = ReturnType<typeof callFlowView>

export async function listCallFlows(db: ScopedDb) {
  return (await db.callFlow.findMany({ include, orderBy: { name: 'asc' } })).map(callFlowView)
}

async function findFlow(db: ScopedDb, id: string) {
  const flow = await db.callFlow.findUnique({ where: { id }, include })
  if (!flow) throw notFound('That call flow was not found.')
  return flow
}

export const getCallFlow = async (db: ScopedDb, id: string) => callFlowView(await findFlow(db, id))

/** The graph checks, then every user and queue named must be this organization's. */
async function checkFlow(db: ScopedDb, body: CallFlowBody): Promise<FlowDefinition> {
  const definition: FlowDefinition = { entry: body.entry, steps: body.steps }
  const problems = flowGraphProblems(definition)
  const { users, queues } = flowDestinations(definition)
  const [knownUsers, knownQueues] = await Promise.all([
    users.length ? db.user.findMany({ where: { id: { in: users.map((u) => u.userId) } }, select: { id: true } }) : [],
    queues.length ? db.queue.findMany({ where: { id: { in: queues.map((q) => q.queueId) } }, select: { id: true } }) : [],
  ])
  const userIds = new Set(knownUsers.map((u) => u.id))
  const queueIds = new Set(knownQueues.map((q) => q.id))
  for (const { stepId, userId } of users) if (!userIds.has(userId)) problems[`steps.${stepId}.userId`] = 'Choose a member of your team.'
  for (const { stepId, queueId } of queues) if (!queueIds.has(queueId)) problems[`steps.${stepId}.queueId`] = 'Choose one of your queues.'
  const first = Object.values(problems)[0]
  if (first) throw badRequest(Object.keys(problems).length === 1 ? first : `${first} (and ${Object.keys(problems).length - 1} more)`, problems)
  return definition
}

const NAME_TAKEN = 'A call flow with this name already exists.'

async function writing<T>(work: () => Promise<T>, onDuplicate: () => Error): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (isUniqueViolation(error)) throw onDuplicate()
    throw error
  }
}

export async function createCallFlow(db: ScopedDb, actorUserId: string, organizationId: string, body: CallFlowBody) {
  const definition = await checkFlow(db, body)
  const flow = await writing(
    () =>
      db.$transaction(async (tx) => {
        const { id } = await tx.callFlow.create({ data: { organizationId, name: body.name } })
        await tx.callFlowVersion.create({ data: { organizationId, callFlowId: id, version: 1, definition: definition as unknown as Prisma.InputJsonValue } })
        await recordAudit(tx, { actorUserId, action: 'call_flow.created', targetType: 'CallFlow', targetId: id, metadata: { before: null, after: { name: body.name, version: 1 } } })
        return tx.callFlow.findUniqueOrThrow({ where: { id }, include })
      }),
    () => conflict(NAME_TAKEN, { name: NAME_TAKEN }),
  )
  return callFlowView(flow)
}

/** A new version with the whole new definition; the versions before it stay for calls still on them. */
export async function updateCallFlow(db: ScopedDb, actorUserId: string, organizationId: string, id: string, body: CallFlowBody) {
  const before = await findFlow(db, id)
  const definition = await checkFlow(db, body)
  const previous = before.versions[0]!.version
  const after = await writing(
    () =>
      db.$transaction(async (tx) => {
        // Touches updatedAt as well as the name.
        await tx.callFlow.update({ where: { id }, data: { name: body.name } })
        await tx.callFlowVersion.create({ data: { organizationId, callFlowId: id, version: previous + 1, definition: definition as unknown as Prisma.InputJsonValue } })
        await recordAudit(tx, { actorUserId, action: 'call_flow.updated', targetType: 'CallFlow', targetId: id, metadata: { before: { name: before.name, version: previous }, after: { name: body.name, version: previous + 1 } } })
        return tx.callFlow.findUniqueOrThrow({ where: { id }, include })
      }),
    // Either the name is taken, or another save made version previous + 1 first.
    () => conflict(body.name !== before.name ? NAME_TAKEN : 'Someone else saved this flow meanwhile. Reload it and try again.', body.name !== before.name ? { name: NAME_TAKEN } : undefined),
  )
  return callFlowView(after)
}

export async function deleteCallFlow(db: ScopedDb, actorUserId: string, id: string) {
  const before = await findFlow(db, id)
  // A number's flow is a RESTRICT foreign key: callers must never reach nobody.
  if (before.phoneNumbers.length) throw conflict(`Calls to ${before.phoneNumbers.map((number) => number.e164).join(', ')} run this flow. Give those numbers another route first.`)
  await db.$transaction(async (tx) => {
    await tx.callFlow.delete({ where: { id } })
    await recordAudit(tx, { actorUserId, action: 'call_flow.deleted', targetType: 'CallFlow', targetId: id, metadata: { before: { name: before.name, version: before.versions[0]!.version }, after: null } })
  })
}

/**
 * Names of the flows whose newest version sends callers to this user or queue, so removing them
 * is refused like removing a number's route (older versions only serve calls already in progress,
 * and fall back to the after-hours mode).
 */
export async function flowsSendingTo(db: Pick<ScopedDb, 'callFlow'>, target: { userId: string } | { queueId: string }): Promise<string[]> {
  const flows = await db.callFlow.findMany({ select: { name: true, versions: { orderBy: { version: 'desc' }, take: 1, select: { definition: true } } } })
  return flows
    .filter((flow) => {
      const { users, queues } = flowDestinations(flow.versions[0]!.definition as unknown as FlowDefinition)
      return 'userId' in target ? users.some((d) => d.userId === target.userId) : queues.some((d) => d.queueId === target.queueId)
    })
    .map((flow) => flow.name)
}
