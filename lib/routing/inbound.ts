import { z } from 'zod'
import { config } from '@/lib/config/env'
import { prisma } from '@/lib/db/client'
import type { ScopedDb } from '@/lib/tenancy/scoped-db'
import { ensureCallLog } from '@/lib/calls/call-records'
import { applyStatus } from '@/lib/calls/status-tracking'
import { isTerminal, toCallStatus, TWILIO_CALL_STATUSES } from '@/lib/calls/call-status'
import { signStreamToken } from '@/lib/telephony/stream-token'
import { mediaServerReady } from '@/lib/telephony/media-server-health'
import type { WebhookAnswer, WebhookContext } from '@/lib/telephony/webhook'
import type { Schedule } from './business-hours'
import { afterHoursPlan, decideAfterDial, decideInboundRoute, handlerOf, type InboundPlan, type RoutingNumber, type RoutingOrganization } from './inbound-route'
import { goodbyeTwiml, planTwiml } from './inbound-twiml'

// The I/O around the routing decisions: load the number, its organization and schedule, ask the
// pure functions, log the call and its handler, and answer the plan's TwiML.

export const voiceRequestSchema = z.looseObject({
  CallSid: z.string().regex(/^CA[0-9a-f]{32}$/),
  From: z.string().default(''),
  To: z.string().default(''),
  Direction: z.string().optional(),
  CallStatus: z.enum(TWILIO_CALL_STATUSES).optional(),
  ParentCallSid: z.string().optional(),
})
export type VoiceRequest = z.infer<typeof voiceRequestSchema>

export const dialStatusSchema = voiceRequestSchema.extend({
  DialCallStatus: z.string().optional(),
  DialCallSid: z.string().optional(),
  QueueResult: z.string().optional(),
})

const scheduleInclude = { intervals: true, exceptions: true } as const

export async function loadRouting(db: ScopedDb, organizationId: string, calledNumber: string) {
  // In parallel: the organization's default schedule is read whether or not the number names its own.
  const [organization, number, defaultSchedule] = await Promise.all([
    prisma().organization.findUnique({ where: { id: organizationId } }),
    // A released number is no longer ours to answer for: it gets the not-in-service message.
    db.phoneNumber.findFirst({ where: { e164: calledNumber, status: 'ACTIVE' }, include: { routeUser: true, routeQueue: true, businessHours: { include: scheduleInclude } } }),
    db.businessHours.findFirst({ where: { isDefault: true }, include: scheduleInclude }),
  ])
  const schedule = number ? (number.businessHours ?? defaultSchedule) : null
  const routingNumber: RoutingNumber | null = number && {
    ...number,
    routeUser: number.routeUser && { id: number.routeUser.id, name: number.routeUser.name, softphoneIdentity: number.routeUser.softphoneIdentity, forwardingNumber: number.routeUser.forwardingNumber },
    routeQueue: number.routeQueue && { id: number.routeQueue.id, name: number.routeQueue.name },
  }
  return { number: routingNumber, org: organization as RoutingOrganization | null, schedule: schedule as Schedule | null, callFlowId: number?.callFlowId ?? null }
}

export type Routing = Awaited<ReturnType<typeof loadRouting>>

/**
 * Logs the call with its handler (creating the row if this is its first webhook) and applies the
 * status the request reports. A row that existed already (a status callback came first, or a
 * later routing step) takes the new handler.
 */
export async function logCall(context: WebhookContext<VoiceRequest>, phoneNumberId: string | null, handledBy: ReturnType<typeof handlerOf>, agentUserId: string | null): Promise<void> {
  const { params, db } = context
  const call = await ensureCallLog(db, { callSid: params.CallSid, from: params.From, to: params.To, direction: params.Direction, parentCallSid: params.ParentCallSid, phoneNumberId, handledBy, agentUserId })
  if (call.handledBy !== handledBy || call.agentUserId !== agentUserId) await db.callLog.updateMany({ where: { id: call.id }, data: { handledBy, agentUserId } })
  if (params.CallStatus) await applyStatus(db, call.id, params.CallStatus, -1, new Date())
}

/** Logs the call with the plan's handler and answers the plan's TwiML. */
export async function answerPlan(context: WebhookContext<VoiceRequest>, plan: InboundPlan, phoneNumberId: string | null): Promise<WebhookAnswer> {
  const { params, organizationId, publicUrl } = context
  await logCall(context, phoneNumberId, handlerOf(plan), plan.kind === 'user' ? plan.userId : null)
  const streamToken =
    plan.kind === 'ai'
      ? signStreamToken({ callSid: params.CallSid, accountSid: context.account.accountSid, organizationId, instructions: plan.instructions, voice: plan.voice, greeting: plan.greeting, audioFormat: 'pcmu' }, config().secrets.mediaStream)
      : undefined
  const twiml = planTwiml(plan, { from: params.From, to: params.To, streamToken }, { publicUrl, mediaServerUrl: config().mediaServerPublicUrl, holdMusicUrl: config().holdMusicUrl })
  return { twiml, detail: { decision: plan.kind, reason: plan.reason } }
}

/** Twilio also requests an action URL after the caller hung up; its TwiML is then ignored. */
export const callerGone = (params: VoiceRequest) => params.CallStatus !== undefined && isTerminal(toCallStatus(params.CallStatus))

/** The number's own route (no call flow, or a flow that cannot serve the call). */
export function answerPlainRoute(context: WebhookContext<VoiceRequest>, routing: Routing, aiAvailable: boolean): Promise<WebhookAnswer> {
  const plan = decideInboundRoute(routing.number, routing.org, routing.schedule, new Date(), { aiAvailable })
  return answerPlan(context, plan, routing.number?.id ?? null)
}

/** /api/voice/dial-status: a <Dial> to a person, or an <Enqueue>, has ended. */
export async function answerDialStatus(context: WebhookContext<z.infer<typeof dialStatusSchema>>): Promise<WebhookAnswer> {
  const { params, db, organizationId } = context
  if (callerGone(params)) return { twiml: goodbyeTwiml(), detail: { decision: 'hangup', reason: 'caller hung up' } }
  const outcome = params.DialCallStatus ?? (params.QueueResult === 'bridged' || params.QueueResult === 'hangup' ? 'completed' : (params.QueueResult ?? 'failed'))
  const routing = await loadRouting(db, organizationId, params.To)
  const plan = decideAfterDial(routing.number, routing.org, outcome, { aiAvailable: await mediaServerReady() })
  if (!plan) return { twiml: goodbyeTwiml(), detail: { decision: 'hangup', reason: `dial ${outcome}` } }
  return answerPlan(context, plan, routing.number?.id ?? null)
}

/**
 * /api/voice/stream-ended and the hand-back's redirect: the AI could not go on, so the caller gets
 * the number's after-hours mode without the AI (voicemail or the closed message).
 */
export async function answerWithoutAi(context: WebhookContext<VoiceRequest>, reason: string): Promise<WebhookAnswer> {
  const { params, db, organizationId } = context
  if (callerGone(params)) return { twiml: goodbyeTwiml(), detail: { decision: 'hangup', reason: 'caller hung up' } }
  const routing = await loadRouting(db, organizationId, params.To)
  const plan: InboundPlan = routing.number && routing.org ? afterHoursPlan(routing.number, routing.org, reason, { aiAvailable: false }) : { kind: 'unknown-number', reason: 'number not in service' }
  return answerPlan(context, plan, routing.number?.id ?? null)
}
