import { z } from 'zod'
import type { PrismaClient } from '@/lib/generated/prisma/client'
import { Prisma } from '@/lib/generated/prisma/client'
import { recordAudit } from '@/lib/audit/record'
import { badRequest, conflict, HttpError, notFound } from '@/lib/http/problem'
import { recordOrganizationEvent } from '@/lib/organization/events'
import type { ScopedDb } from '@/lib/tenancy/scoped-db'
import { isTwilioNotFound } from '@/lib/telephony/twilio-errors'
import { voiceWebhooks } from '@/lib/telephony/webhook-urls'
import { numberConfiguration, numberView, routeIncludes, rowFromTwilio } from './number-view'
import { enqueueReconcile } from './reconcile-job'
import { subaccountClient, twilioHttpError, type NumberServices } from './twilio-access'
import { REALTIME_VOICES } from './voices'

// Buying, configuring and releasing an organization's numbers. Twilio is always called outside
// any database transaction; the database follows what Twilio confirmed.

export interface Actor {
  id: string
  organizationId: string
}

export const buySchema = z.object({ phoneNumber: z.string().trim().regex(/^\+[1-9]\d{6,14}$/, 'Use the number in E.164 form, such as +14155550100.') })

const nullableText = (max: number) => z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? null : value), z.string().trim().max(max).nullable())
const id = z.string().min(1).max(64)

export const configureSchema = z
  .object({
    friendlyName: z.string().trim().min(1, 'Give the number a name.').max(64),
    routeKind: z.enum(['AI', 'USER', 'QUEUE']),
    routeUserId: id.nullable(),
    routeQueueId: id.nullable(),
    greeting: nullableText(500),
    voice: z.enum(REALTIME_VOICES).nullable(),
    businessHoursId: id.nullable(),
    afterHoursMode: z.enum(['VOICEMAIL', 'MESSAGE', 'AI']),
    afterHoursMessage: nullableText(500),
    // null follows the organization's recording policy.
    recordingPolicy: z.enum(['ALL', 'NONE', 'ON_DEMAND']).nullable(),
    // A call flow runs instead of the route above; null returns the number to its plain route.
    callFlowId: id.nullable(),
  })
  .partial()
  .strict()
export type NumberConfiguration = z.infer<typeof configureSchema>

export async function listNumbers(db: ScopedDb, options: { includeReleased?: boolean } = {}) {
  const rows = await db.phoneNumber.findMany({
    where: options.includeReleased ? {} : { status: { not: 'RELEASED' } },
    include: routeIncludes,
    orderBy: { createdAt: 'asc' },
  })
  return rows.map(numberView)
}

async function findNumber(db: ScopedDb, numberId: string) {
  const number = await db.phoneNumber.findUnique({ where: { id: numberId }, include: routeIncludes })
  if (!number) throw notFound('That number was not found.')
  return number
}

export const getNumber = async (db: ScopedDb, numberId: string) => numberView(await findNumber(db, numberId))

/** Refused before Twilio is called: the plan's cap on numbers held at once. */
async function checkPlanLimit(root: PrismaClient, organizationId: string) {
  const organization = await root.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { plan: { select: { name: true, numberLimit: true } } } })
  const inUse = await root.phoneNumber.count({ where: { organizationId, status: 'ACTIVE' } })
  if (inUse >= organization.plan.numberLimit) {
    throw conflict(`Your ${organization.plan.name} plan includes ${organization.plan.numberLimit} phone numbers and you have ${inUse}. Release a number or change your plan to buy another.`)
  }
}

/** Longer than the Twilio client's 30 s request timeout, so a live purchase never loses its lease. */
const PURCHASE_LEASE_SECONDS = 120

/**
 * One purchase at a time per organization, without a transaction open across the Twilio call:
 * a lease taken by one atomic UPDATE and given back afterwards (or expiring, if the process died).
 */
async function withPurchaseLease<T>(root: PrismaClient, organizationId: string, work: () => Promise<T>): Promise<T> {
  const taken = await root.$executeRaw`
    UPDATE "Organization" SET "numberPurchaseLeaseUntil" = now() + make_interval(secs => ${PURCHASE_LEASE_SECONDS})
    WHERE id = ${organizationId} AND ("numberPurchaseLeaseUntil" IS NULL OR "numberPurchaseLeaseUntil" < now())`
  if (taken !== 1) throw conflict('Another number purchase is in progress. Try again in a moment.')
  try {
    return await work()
  } finally {
    await root.organization.update({ where: { id: organizationId }, data: { numberPurchaseLeaseUntil: null } })
  }
}

export function buyNumber(root: PrismaClient, db: ScopedDb, actor: Actor, input: z.infer<typeof buySchema>, services: NumberServices) {
  return withPurchaseLease(root, actor.organizationId, () => purchase(root, db, actor, input, services))
}

async function purchase(root: PrismaClient, db: ScopedDb, actor: Actor, input: z.infer<typeof buySchema>, services: NumberServices) {
  await checkPlanLimit(root, actor.organizationId)
  if (await db.phoneNumber.findFirst({ where: { e164: input.phoneNumber, status: 'ACTIVE' } })) throw conflict('You already have this number.')
  const client = await subaccountClient(root, actor.organizationId, services)
  const bought = await client.incomingPhoneNumbers.create({ phoneNumber: input.phoneNumber, ...voiceWebhooks(services.publicUrl) }).catch((error: unknown) => {
    throw twilioHttpError(error, 'number purchase')
  })
  try {
    const number = await db.phoneNumber.create({
      data: rowFromTwilio(actor.organizationId, bought),
      include: routeIncludes,
    })
    await recordAudit(db, { actorUserId: actor.id, action: 'number.purchased', targetType: 'PhoneNumber', targetId: number.id, metadata: { before: null, after: { ...numberConfiguration(number), phoneNumber: number.e164, twilioSid: number.twilioSid } } })
    return numberView(number)
  } catch (error) {
    // Twilio bought it; the reconcile imports it rather than losing it (or charging for a ghost).
    console.error(`number ${bought.sid} was bought but not saved`, error)
    await recordOrganizationEvent(root, actor.organizationId, { type: 'numbers.save_failed', message: `Bought ${bought.phoneNumber} (${bought.sid}) but could not save it`, detail: { error: String(error) } }).catch(() => undefined)
    await enqueueReconcile(actor.organizationId).catch((queueError) => console.error('could not queue the reconcile', queueError))
    throw new HttpError(500, `We bought ${bought.phoneNumber} but could not save it yet. It will appear in your list within a few minutes.`)
  }
}

/** Which referenced row a failed composite foreign key names, for a field-level message. */
function referenceField(error: unknown): string | undefined {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== 'P2003') return undefined
  const detail = JSON.stringify(error.meta ?? {}) + error.message
  return ['routeUserId', 'routeQueueId', 'businessHoursId', 'callFlowId'].find((field) => detail.includes(field)) ?? 'route'
}

const REFERENCE_MESSAGES: Record<string, string> = {
  routeUserId: 'Choose a member of your team.',
  routeQueueId: 'Choose one of your queues.',
  businessHoursId: 'Choose one of your business-hours schedules.',
  callFlowId: 'Choose one of your call flows.',
  route: 'Choose a person, queue or schedule of your own organization.',
}

/** The route a configuration asks for, made consistent: exactly the target its kind needs. */
function resolveRoute(current: { routeKind: string; routeUserId: string | null; routeQueueId: string | null }, changes: NumberConfiguration) {
  const routeKind = changes.routeKind ?? current.routeKind
  const routeUserId = changes.routeUserId !== undefined ? changes.routeUserId : current.routeUserId
  const routeQueueId = changes.routeQueueId !== undefined ? changes.routeQueueId : current.routeQueueId
  if (routeKind === 'USER' && !routeUserId) throw badRequest('Choose who answers this number.', { routeUserId: 'Choose a member of your team.' })
  if (routeKind === 'QUEUE' && !routeQueueId) throw badRequest('Choose the queue that answers this number.', { routeQueueId: 'Choose one of your queues.' })
  return { routeUserId: routeKind === 'USER' ? routeUserId : null, routeQueueId: routeKind === 'QUEUE' ? routeQueueId : null }
}

export async function configureNumber(db: ScopedDb, actor: Actor, numberId: string, changes: NumberConfiguration) {
  const before = await findNumber(db, numberId)
  if (before.status !== 'ACTIVE') throw conflict('This number was released; it can no longer be configured.')
  const data = { ...changes, ...resolveRoute(before, changes) }
  try {
    const after = await db.phoneNumber.update({ where: { id: numberId }, data, include: routeIncludes })
    await recordAudit(db, { actorUserId: actor.id, action: 'number.configured', targetType: 'PhoneNumber', targetId: numberId, metadata: { before: numberConfiguration(before), after: numberConfiguration(after) } })
    return numberView(after)
  } catch (error) {
    // The composite foreign keys (organizationId, id) refuse another organization's user, queue or schedule.
    const field = referenceField(error)
    if (field) throw badRequest(REFERENCE_MESSAGES[field]!, { [field]: REFERENCE_MESSAGES[field]! })
    throw error
  }
}

/** Releases at Twilio first, then marks the row released (kept for the call history). */
export async function releaseNumber(root: PrismaClient, db: ScopedDb, actor: Actor, numberId: string, services: NumberServices) {
  const before = await findNumber(db, numberId)
  if (before.status === 'RELEASED') throw conflict('This number was already released.')
  let statusNote: string | null = null
  if (before.status === 'MISSING') {
    statusNote = 'Twilio no longer had this number; released here only.'
  } else {
    const client = await subaccountClient(root, actor.organizationId, services)
    try {
      await client.incomingPhoneNumbers(before.twilioSid).remove()
    } catch (error) {
      if (!isTwilioNotFound(error)) throw twilioHttpError(error, 'number release')
      statusNote = 'Twilio no longer had this number; released here only.'
    }
  }
  // Routes are cleared so a released number holds no reference to people, queues or schedules.
  const after = await db.phoneNumber.update({
    where: { id: numberId },
    data: { status: 'RELEASED', releasedAt: new Date(), statusNote, routeKind: 'AI', routeUserId: null, routeQueueId: null, businessHoursId: null, callFlowId: null },
    include: routeIncludes,
  })
  await recordAudit(db, { actorUserId: actor.id, action: 'number.released', targetType: 'PhoneNumber', targetId: numberId, metadata: { before: numberConfiguration(before), after: { ...numberConfiguration(after), statusNote } } })
  return numberView(after)
}
