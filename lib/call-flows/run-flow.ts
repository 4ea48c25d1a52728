import { z } from 'zod'
import { routableUsers } from '@/lib/agents/availability'
import type { WebhookAnswer, WebhookContext } from '@/lib/telephony/webhook'
import { mediaServerReady } from '@/lib/telephony/media-server-health'
import { describeStatus, scheduleStatus } from '@/lib/routing/business-hours'
import { goodbyeTwiml } from '@/lib/routing/inbound-twiml'
import { answerPlainRoute, answerPlan, callerGone, loadRouting, logCall, voiceRequestSchema, type Routing, type VoiceRequest } from '@/lib/routing/inbound'
import type { ScopedDb } from '@/lib/tenancy/scoped-db'
import { decideFlowStep, describeOutcome, enterStep, flowEntry, type FlowInput, type FlowOutcome } from './decide-step'
import { describeDestination, destinationPlan, type FlowDirectory } from './flow-destinations'
import { flowDefinitionSchema, flowDestinations, type FlowDefinition } from './flow-schema'
import { menuTwiml } from './flow-twiml'

// The I/O around the menu decisions. /api/voice/incoming runs the number's call flow when it has
// one (its open or closed entry, by the number's schedule) and its plain route otherwise;
// /api/voice/menu takes the caller's answer to a menu, on the flow version named in its URL.

export const menuRequestSchema = voiceRequestSchema.extend({
  Digits: z.string().optional(),
  SpeechResult: z.string().optional(),
  Confidence: z.string().optional(),
})

interface FlowVersion {
  id: string
  version: number
  callFlowId: string
  callFlow: { name: string }
  definition: FlowDefinition
}

async function loadVersion(db: ScopedDb, where: { id: string } | { callFlowId: string }): Promise<FlowVersion | null> {
  const row = await db.callFlowVersion.findFirst({ where, orderBy: { version: 'desc' }, include: { callFlow: { select: { name: true } } } })
  if (!row) return null
  const definition = flowDefinitionSchema.safeParse(row.definition)
  // Saved versions were validated; one that no longer parses (a later schema change) is not run.
  if (!definition.success) return null
  return { ...row, definition: definition.data }
}

async function loadDirectory(db: ScopedDb, flow: FlowDefinition): Promise<FlowDirectory> {
  const { users, queues } = flowDestinations(flow)
  const [userRows, queueRows] = await Promise.all([
    users.length ? routableUsers(db, users.map((u) => u.userId)) : [],
    queues.length ? db.queue.findMany({ where: { id: { in: queues.map((q) => q.queueId) } }, select: { id: true, name: true } }) : [],
  ])
  return { users: new Map(userRows.map((u) => [u.id, u])), queues: new Map(queueRows.map((q) => [q.id, q])) }
}

/** /api/voice/incoming: a call to one of the organization's numbers. */
export async function answerIncoming(context: WebhookContext<VoiceRequest>): Promise<WebhookAnswer> {
  const { params, db, organizationId } = context
  const [routing, aiAvailable] = await Promise.all([loadRouting(organizationId, params.To), mediaServerReady()])
  const version = routing.callFlowId && routing.number && routing.org ? await loadVersion(db, { callFlowId: routing.callFlowId }) : null
  if (!version) return answerPlainRoute(context, routing, aiAvailable)
  const now = new Date()
  const status = routing.schedule ? scheduleStatus(routing.schedule, now) : null
  const open = status?.open ?? true
  const entry = flowEntry(version.definition, open)
  // Closed, and the flow has no closed entry: the number's after-hours mode, as without a flow.
  if (!entry) return answerPlainRoute(context, routing, aiAvailable)
  const hours = routing.schedule && status ? `schedule ${routing.schedule.name} ${open ? 'open' : describeStatus(routing.schedule, status, now)}` : 'no business hours set'
  const directory = await loadDirectory(db, version.definition)
  const outcome = enterStep(version.definition, entry)
  const summary = `call flow ${version.callFlow.name} v${version.version}, ${open ? 'open' : 'closed'} entry (${hours}) → ${describeOutcome(outcome, describeDestination(directory))}`
  return answerOutcome(context, { routing, version, directory, aiAvailable }, outcome, summary)
}

/** What the menu's Gather (or its fall-through Redirect) sent: a key, speech, or nothing. */
function flowInput(params: z.infer<typeof menuRequestSchema>): FlowInput {
  if (params.Digits) return { kind: 'digits', digits: params.Digits }
  if (params.SpeechResult?.trim()) return { kind: 'speech', text: params.SpeechResult.trim() }
  return { kind: 'none' }
}

/** /api/voice/menu?version=&step=&attempt=: the caller answered a menu. */
export async function answerMenu(context: WebhookContext<z.infer<typeof menuRequestSchema>>): Promise<WebhookAnswer> {
  const { params, db, organizationId, url } = context
  if (callerGone(params)) return { twiml: goodbyeTwiml(), detail: { decision: 'hangup', reason: 'caller hung up' } }
  const versionId = url.searchParams.get('version') ?? ''
  const stepId = url.searchParams.get('step') ?? ''
  const attempt = Math.max(0, Math.min(10, Number.parseInt(url.searchParams.get('attempt') ?? '0', 10) || 0))
  const [routing, aiAvailable, version] = await Promise.all([loadRouting(organizationId, params.To), mediaServerReady(), versionId ? loadVersion(db, { id: versionId }) : null])
  // The flow was deleted while the caller was in it (or the URL is not ours): the number's own route.
  if (!version || !routing.number || !routing.org) return answerPlainRoute(context, routing, aiAvailable)
  const directory = await loadDirectory(db, version.definition)
  const decision = decideFlowStep(version.definition, stepId, flowInput(params), attempt, describeDestination(directory))
  return answerOutcome(context, { routing, version, directory, aiAvailable }, decision.outcome, decision.summary)
}

interface FlowCall {
  routing: Routing
  version: FlowVersion
  directory: FlowDirectory
  aiAvailable: boolean
}

/** Plays a menu or takes a destination; the summary is the step's line on the call's timeline. */
async function answerOutcome(context: WebhookContext<VoiceRequest>, call: FlowCall, outcome: FlowOutcome, summary: string): Promise<WebhookAnswer> {
  const { routing, version, directory, aiAvailable } = call
  const number = routing.number!
  const flow = { callFlowId: version.callFlowId, versionId: version.id, version: version.version, stepId: outcome.stepId, ...(outcome.kind === 'menu' && { attempt: outcome.attempt }) }
  if (outcome.kind === 'menu') {
    await logCall(context, number.id, null, null)
    const twiml = menuTwiml(outcome.menu, { versionId: version.id, stepId: outcome.stepId, attempt: outcome.attempt }, outcome.invalid, context.publicUrl)
    return { twiml, detail: { decision: 'menu', reason: summary, flow } }
  }
  if (outcome.kind === 'missing') {
    const answer = await answerPlainRoute(context, routing, aiAvailable)
    const plain = typeof answer === 'object' && 'detail' in answer ? answer.detail?.reason : undefined
    return withFlowDetail(answer, flow, plain ? `${summary}; the number's own route: ${String(plain)}` : summary)
  }
  const plan = destinationPlan(outcome.step, number, routing.org!, directory, { aiAvailable }, summary)
  return withFlowDetail(await answerPlan(context, plan, number.id), flow, plan.reason)
}

function withFlowDetail(answer: WebhookAnswer, flow: Record<string, unknown>, reason: string): WebhookAnswer {
  if (typeof answer !== 'object' || !('twiml' in answer)) return answer
  return { twiml: answer.twiml, detail: { ...answer.detail, reason, flow } }
}
