import { z } from 'zod'
import { config } from '@/lib/config/env'
import { claimAiFallback } from '@/lib/calls/ai-fallback'
import { ensureCallLog } from '@/lib/calls/call-records'
import { applyStatus } from '@/lib/calls/status-tracking'
import { isTerminal, toCallStatus, TWILIO_CALL_STATUSES } from '@/lib/calls/call-status'
import { enqueueStartRecording } from '@/lib/recordings/start-recording-job'
import { signStreamToken } from '@/lib/telephony/stream-token'
import { mediaServerReady } from '@/lib/telephony/media-server-health'
import { preWarmAfterAnswer } from '@/lib/telephony/pre-warm'
import type { WebhookAnswer, WebhookContext } from '@/lib/telephony/webhook'
import { openInboundBridge, queueFallbackTwiml } from '@/lib/softphone/bridge'
import { afterHoursPlan, decideAfterDial, decideInboundRoute, handlerOf, notInServicePlan, type InboundPlan } from './inbound-route'
import { awaitRedirectTwiml, goodbyeTwiml, planTwiml } from './inbound-twiml'
import { loadRoutingData, type RoutingData } from './routing-data'

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

export type Routing = RoutingData & { callFlowId: string | null }

/** The number, its organization and schedule (routing-data.ts), and the call flow the number runs, if any. */
export async function loadRouting(organizationId: string, calledNumber: string): Promise<Routing> {
  const routing = await loadRoutingData(organizationId, calledNumber)
  return { ...routing, callFlowId: routing.number?.callFlowId ?? null }
}

/**
 * Logs the call with its handler (creating the row if this is its first webhook) and applies the
 * status the request reports; answers the row's id. A row that existed already (a status callback
 * came first, or a later routing step) takes the new handler.
 */
export async function logCall(context: WebhookContext<VoiceRequest>, phoneNumberId: string | null, handledBy: ReturnType<typeof handlerOf>, agentUserId: string | null): Promise<string> {
  const { params, db } = context
  const call = await ensureCallLog(db, { callSid: params.CallSid, from: params.From, to: params.To, direction: params.Direction, parentCallSid: params.ParentCallSid, phoneNumberId, handledBy, agentUserId, status: params.CallStatus })
  if (call.handledBy !== handledBy || call.agentUserId !== agentUserId) await db.callLog.updateMany({ where: { id: call.id }, data: { handledBy, agentUserId } })
  // A row this request created already holds its status.
  if (params.CallStatus && !(call.created && call.status === toCallStatus(params.CallStatus))) await applyStatus(db, call.id, params.CallStatus, -1, new Date())
  return call.id
}

/** Logs the call with the plan's handler and answers the plan's TwiML. */
export async function answerPlan(context: WebhookContext<VoiceRequest>, plan: InboundPlan, phoneNumberId: string | null): Promise<WebhookAnswer> {
  const { params, organizationId, publicUrl } = context
  const callLogId = await logCall(context, phoneNumberId, handlerOf(plan), plan.kind === 'user' ? plan.userId : null)
  const streamToken =
    plan.kind === 'ai'
      ? signStreamToken({ callSid: params.CallSid, accountSid: context.account.accountSid, organizationId, instructions: plan.instructions, voice: plan.voice, greeting: plan.greeting, audioFormat: plan.audioFormat }, config().secrets.mediaStream)
      : undefined
  // A member's softphone rings into the caller's conference, so the call can be held and transferred.
  const bridge = plan.kind === 'user' && plan.clientIdentity ? ((await openInboundBridge(context, { ...plan, clientIdentity: plan.clientIdentity })) ?? undefined) : undefined
  const twiml = planTwiml(plan, { from: params.From, to: params.To, streamToken, bridge }, { publicUrl, mediaServerUrl: config().mediaServerPublicUrl, holdMusicUrl: config().holdMusicUrl })
  // The media server opens the AI session while Twilio connects the stream.
  if (streamToken) preWarmAfterAnswer(streamToken)
  // <Connect><Stream> cannot record: the AI's calls are recorded through the Call Recordings API.
  if (plan.kind === 'ai' && plan.recording.fromConnect) {
    await enqueueStartRecording({ organizationId, callSid: params.CallSid }).catch((error) => console.error(JSON.stringify({ msg: 'call recording not queued', callSid: params.CallSid, error: String(error) })))
  }
  return { twiml, detail: { decision: plan.kind, reason: plan.reason }, callLogId }
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
  const { params, organizationId } = context
  if (callerGone(params)) return { twiml: goodbyeTwiml(), detail: { decision: 'hangup', reason: 'caller hung up' } }
  const outcome = params.DialCallStatus ?? (params.QueueResult === 'bridged' || params.QueueResult === 'hangup' ? 'completed' : (params.QueueResult ?? 'failed'))
  const routing = await loadRoutingData(organizationId, params.To)
  const plan = decideAfterDial(routing.number, routing.org, outcome, { aiAvailable: await mediaServerReady() })
  if (!plan) return { twiml: goodbyeTwiml(), detail: { decision: 'hangup', reason: `dial ${outcome}` } }
  return answerPlan(context, plan, routing.number?.id ?? null)
}

/**
 * /api/voice/bridge-unanswered: nobody answered a bridged call (bridge.ts) — a caller taken from a
 * queue goes back to it; a routed caller gets the number's after-hours mode, as after a <Dial>.
 */
export async function answerBridgeUnanswered(context: WebhookContext<VoiceRequest>): Promise<WebhookAnswer> {
  if (callerGone(context.params)) return { twiml: goodbyeTwiml(), detail: { decision: 'hangup', reason: 'caller hung up' } }
  const queue = queueFallbackTwiml(context.url.searchParams.get('fallback'), context.publicUrl)
  if (queue) return { twiml: queue, detail: { decision: 'queue', reason: 'nobody answered: back to the queue' } }
  return answerDialStatus({ ...context, params: { ...context.params, DialCallStatus: context.url.searchParams.get('status') ?? 'no-answer' } })
}

/**
 * /api/voice/stream-ended and the hand-back's redirect: the AI could not go on, so the caller gets
 * the number's after-hours mode without the AI (voicemail or the closed message).
 *
 * The media server hands a call back and closes its stream at the same moment, so the Connect
 * action (stream-ended) and the hand-back race. Whichever claims the call's AI fallback first
 * (lib/calls/ai-fallback.ts) sends the caller on; when the hand-back has it, its Calls update is
 * about to replace this TwiML, so stream-ended only holds the line (and, should that redirect
 * never come, goes to the voicemail route itself): the greeting is spoken once.
 */
export async function answerWithoutAi(context: WebhookContext<VoiceRequest>, reason: string, via: 'stream-ended' | 'redirect'): Promise<WebhookAnswer> {
  const { params, db, organizationId, publicUrl } = context
  if (callerGone(params)) return { twiml: goodbyeTwiml(), detail: { decision: 'hangup', reason: 'caller hung up' } }
  if (via === 'stream-ended' && !(await claimAiFallback(db, params.CallSid, 'stream-ended', reason))) {
    return { twiml: awaitRedirectTwiml(publicUrl), detail: { decision: 'await-hand-back', reason: 'the hand-back is redirecting the call' } }
  }
  const routing = await loadRoutingData(organizationId, params.To)
  const plan: InboundPlan = routing.number && routing.org ? afterHoursPlan(routing.number, routing.org, reason, { aiAvailable: false }) : notInServicePlan(routing.org)
  return answerPlan(context, plan, routing.number?.id ?? null)
}
