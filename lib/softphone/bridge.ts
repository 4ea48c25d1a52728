import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import { routableUsers } from '@/lib/agents/availability'
import { ensureCallLog } from '@/lib/calls/call-records'
import { statusCallbackSchema, trackCallStatus } from '@/lib/calls/status-tracking'
import { toCallStatus } from '@/lib/calls/call-status'
import { config } from '@/lib/config/env'
import type { CallBridge } from '@/lib/generated/prisma/client'
import { conflict, HttpError, notFound } from '@/lib/http/problem'
import { DEFAULT_SAY_VOICE } from '@/lib/numbers/voices'
import { recordConnectedCall } from '@/lib/recordings/connect-recording'
import { appendBridgeConference, appendEnqueue, BRIDGE_CUSTOMER_LABEL, goodbyeTwiml } from '@/lib/routing/inbound-twiml'
import type { ScopedDb } from '@/lib/tenancy/scoped-db'
import { organizationClient } from '@/lib/telephony/live-call'
import type { TwilioClient } from '@/lib/telephony/twilio-client'
import { VoiceResponse } from '@/lib/telephony/twiml'
import type { WebhookAnswer, WebhookContext } from '@/lib/telephony/webhook'
import { addCallEvent } from '@/lib/telephony/webhook-events'
import { checkDialTarget } from './dial-rules'
import {
  bridgeConferenceName,
  bridgeLegParams,
  checkTransferTarget,
  decideLegEvent,
  holdParams,
  isLive,
  refuseControl,
  type BridgeLeg,
  type BridgeState,
  type CallControl,
  type CallNumbers,
  type TransferDestination,
  type TransferMode,
  type TransferTarget,
} from './bridge-plan'

// The I/O of bridged calls (decisions in bridge-plan.ts): routing dials a member's phones into
// the caller's conference, an agent takes a queued caller into one, and the softphone's call
// controls hold and transfer. Every step is a conditional UPDATE on the CallBridge row (the claim),
// and Twilio is called after it, outside any transaction, so a retried webhook or a double click
// changes nothing twice.

export const AFTER_HOURS_FALLBACK = 'after-hours'
/** A softphone's own call: nobody to send on, it just ends. */
const HANG_UP_FALLBACK = 'hang-up'
const queueFallback = (name: string) => `queue:${name}`
const fallbackQueue = (fallback: string) => (fallback.startsWith('queue:') ? fallback.slice('queue:'.length) : null)

async function twilioFor(organizationId: string): Promise<TwilioClient> {
  const client = await organizationClient(organizationId)
  if (!client) throw conflict('Your organization’s phone service is still being set up.')
  return client
}

/** A Twilio failure the agent can retry: 502 with a plain message, details in the log. */
async function twilio<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    console.error(JSON.stringify({ msg: 'twilio request failed', what, error: error instanceof Error ? error.message : String(error) }))
    throw new HttpError(502, `The phone service could not ${what}. Please try again.`)
  }
}

/** The live conference for the Participants API, which updates and removes by conference SID only. */
const conferenceOf = (client: TwilioClient, bridge: Pick<CallBridge, 'conference' | 'conferenceSid'>) => client.conferences(bridge.conferenceSid ?? bridge.conference)

/** The call that opened the conference (the inbound caller's, or the softphone's own for a call it placed): every leg is logged under it, and its timeline tells the story. */
const rootOf = (bridge: Pick<CallBridge, 'conference'>) => bridge.conference.slice('bridge-'.length)

const state = (bridge: CallBridge): BridgeState => ({ ...bridge, transferMode: bridge.transferMode as TransferMode | null })

/** Dials `to` into the conference and logs the leg under the customer's call (the member's when it is their softphone). */
async function dialLeg(db: ScopedDb, client: TwilioClient, bridge: Pick<CallBridge, 'conference'>, leg: BridgeLeg & { label?: string }, publicUrl: string): Promise<string> {
  const participant = await client.conferences(bridge.conference).participants.create({ ...bridgeLegParams(bridge.conference, leg, publicUrl), ...(leg.label && { label: leg.label }) })
  await db.callBridge.updateMany({ where: { conference: bridge.conference, conferenceSid: null }, data: { conferenceSid: participant.conferenceSid } })
  await ensureCallLog(db, { callSid: participant.callSid, from: leg.from, to: leg.to, direction: 'outbound-api', parentCallSid: rootOf(bridge) })
  return participant.callSid
}

/** The call's timeline (the customer's call log): who held, transferred, took the call. */
async function bridgeEvent(db: ScopedDb, bridge: Pick<CallBridge, 'conference'>, type: string, payload: Record<string, unknown>) {
  const call = await db.callLog.findUnique({ where: { callSid: rootOf(bridge) }, select: { id: true } })
  if (call) await addCallEvent(db, call.id, `${type}:${randomUUID()}`, type, payload)
}

// --- Routing: a member's phones ring into the caller's conference --------------------------------

/**
 * Opens the caller's conference and dials the member's softphone (and their own phone) into it.
 * A retried voice webhook finds the row and dials nothing again. Null when nothing could be
 * dialled: routing then rings the member with a plain <Dial>.
 */
export async function openInboundBridge(context: WebhookContext<{ CallSid: string; From: string; To: string }>, legs: { clientIdentity: string; forwardingNumber: string | null; callerId: string }): Promise<string | null> {
  const { db, params, organizationId, publicUrl } = context
  const conference = bridgeConferenceName(params.CallSid)
  const [created] = await db.callBridge.createManyAndReturn({ data: [{ organizationId: '', conference, customerCallSid: params.CallSid, fallback: AFTER_HOURS_FALLBACK }], skipDuplicates: true })
  if (!created) return conference
  const client = await organizationClient(organizationId)
  const targets = [`client:${legs.clientIdentity}`, ...(legs.forwardingNumber ? [legs.forwardingNumber] : [])]
  const numbers = { calledNumber: params.To, callerNumber: params.From }
  const dialled = client ? await Promise.allSettled(targets.map((to) => dialLeg(db, client, created, { to, from: legs.callerId, numbers }, publicUrl))) : []
  if (dialled.some((leg) => leg.status === 'fulfilled')) return conference
  console.error(JSON.stringify({ msg: 'bridge legs not dialled', callSid: params.CallSid, errors: dialled.map((leg) => (leg.status === 'rejected' ? String(leg.reason) : null)) }))
  await db.callBridge.deleteMany({ where: { id: created.id } })
  return null
}

/**
 * A softphone calls a number: the softphone's own call opens the conference and the number is
 * dialled into it as the customer (label `customer`, its leaving ends the call), so the agent can
 * hold and transfer it as an inbound call. A retried voice webhook dials nothing again. Null when
 * the number could not be dialled: the softphone then gets a plain <Dial>.
 */
export async function openOutgoingBridge(context: WebhookContext<{ CallSid: string }>, call: { to: string; callerId: string }): Promise<string | null> {
  const { db, params, organizationId, publicUrl } = context
  const conference = bridgeConferenceName(params.CallSid)
  const [created] = await db.callBridge.createManyAndReturn({ data: [{ organizationId: '', conference, agentCallSid: params.CallSid, fallback: HANG_UP_FALLBACK }], skipDuplicates: true })
  if (!created) return conference
  const client = await organizationClient(organizationId)
  try {
    if (!client) throw new Error('no subaccount')
    const customerCallSid = await dialLeg(db, client, created, { to: call.to, from: call.callerId, label: BRIDGE_CUSTOMER_LABEL }, publicUrl)
    await db.callBridge.updateMany({ where: { id: created.id }, data: { customerCallSid } })
    return conference
  } catch (error) {
    console.error(JSON.stringify({ msg: 'outgoing bridge not dialled', callSid: params.CallSid, error: String(error) }))
    await db.callBridge.deleteMany({ where: { id: created.id } })
    return null
  }
}

// --- The legs' progress (/api/voice/bridge-leg) -----------------------------------------------

export async function answerBridgeLeg(context: WebhookContext<z.infer<typeof statusCallbackSchema>>): Promise<string> {
  const { db, params, url, organizationId, publicUrl } = context
  const conference = url.searchParams.get('conference') ?? ''
  const bridge = await db.callBridge.findUnique({ where: { conference } })
  await trackCallStatus(db, { ...params, ParentCallSid: params.ParentCallSid ?? rootOf({ conference }) })
  if (!bridge) return goodbyeTwiml()
  const leg = params.CallSid
  const action = decideLegEvent(state(bridge), leg, toCallStatus(params.CallStatus))
  switch (action.kind) {
    case 'claim': {
      const { count } = await db.callBridge.updateMany({ where: { id: bridge.id, agentCallSid: null }, data: { agentCallSid: leg } })
      const client = await twilioFor(organizationId)
      if (count === 0) return hangUpLeg(client, leg)
      await stopRingingLegs(db, client, bridge, leg)
      if (bridge.customerWaiting) await bringQueuedCustomer(db, client, bridge, leg, publicUrl)
      else await recordConnectedCall(db, organizationId, rootOf(bridge))
      await bridgeEvent(db, bridge, 'bridge:answered', { agentCallSid: leg })
      break
    }
    case 'drop':
      await hangUpLeg(await twilioFor(organizationId), leg)
      break
    case 'cold-answered':
      await handOver(db, organizationId, bridge, leg)
      break
    case 'agent-left-consult': {
      // Leaving during a warm transfer hands the caller over: now, if the target is talking, else when they answer.
      const { count } = await db.callBridge.updateMany({ where: { id: bridge.id, transferMode: 'warm' }, data: { transferMode: 'cold' } })
      const target = bridge.targetCallSid && (await db.callLog.findUnique({ where: { callSid: bridge.targetCallSid }, select: { status: true } }))
      if (count === 1 && target && target.status === 'IN_PROGRESS') await handOver(db, organizationId, bridge, bridge.targetCallSid!)
      break
    }
    case 'target-gone': {
      const { count } = await db.callBridge.updateMany({ where: { id: bridge.id, targetCallSid: leg }, data: { targetCallSid: null, transferMode: null } })
      if (count === 0) break
      await bridgeEvent(db, bridge, 'transfer:failed', { mode: bridge.transferMode, callSid: leg, status: params.CallStatus })
      const client = await twilioFor(organizationId)
      // Cold: the first agent has left, so the caller goes on as if nobody had answered. Warm: the
      // first agent is still there with the caller on hold; their leaving ends the call again.
      if (bridge.transferMode === 'cold') await sendCustomerOn(db, client, bridge, publicUrl, params.CallStatus)
      else if (bridge.agentCallSid) await conferenceOf(client, bridge).participants(bridge.agentCallSid).update({ endConferenceOnExit: true }).catch(() => {})
      break
    }
    case 'unanswered':
      if (await lastLegEnded(db, bridge, leg)) await sendCustomerOn(db, await twilioFor(organizationId), bridge, publicUrl, params.CallStatus)
      break
    case 'customer-gone':
      // The number did not answer or hung up: the softphone's call (alone in the conference) ends too.
      if (bridge.fallback === HANG_UP_FALLBACK && bridge.agentCallSid) await hangUpLeg(await twilioFor(organizationId), bridge.agentCallSid)
      break
    case 'none':
      break
  }
  return goodbyeTwiml()
}

/** A cold transfer's target answered (or a warm one's agent left): the caller comes off hold with the target, whose leaving now ends the call. */
async function handOver(db: ScopedDb, organizationId: string, bridge: CallBridge, target: string) {
  const { count } = await db.callBridge.updateMany({ where: { id: bridge.id, targetCallSid: target }, data: { agentCallSid: target, targetCallSid: null, transferMode: null } })
  if (count === 0) return
  const conference = conferenceOf(await twilioFor(organizationId), bridge)
  await conference.participants(target).update({ endConferenceOnExit: true }).catch(() => {})
  await conference.participants(BRIDGE_CUSTOMER_LABEL).update(holdParams(false, config().publicUrl)).catch(() => {})
  await bridgeEvent(db, bridge, 'transfer:connected', { mode: 'cold', callSid: target })
}

const hangUpLeg = async (client: TwilioClient, callSid: string) => {
  await client.calls(callSid).update({ status: 'completed' }).catch(() => {})
  return goodbyeTwiml()
}

/** The first answer wins: the customer's other ringing legs are canceled (as <Dial> does with its other nouns). */
async function stopRingingLegs(db: ScopedDb, client: TwilioClient, bridge: Pick<CallBridge, 'conference'>, winner: string) {
  const ringing = await db.callLog.findMany({ where: { parentCallSid: rootOf(bridge), callSid: { not: winner }, status: { in: ['QUEUED', 'INITIATED', 'RINGING'] } }, select: { callSid: true } })
  await Promise.all(ringing.map((leg) => hangUpLeg(client, leg.callSid)))
}

/**
 * The caller hung up before anyone answered: the member's phones still being dialled into the
 * conference are hung up, as <Dial> cancels its ringing nouns when the caller goes — a
 * participant being dialled is a call of its own and rings on otherwise.
 */
export async function customerLeftUnanswered(context: WebhookContext<{ CallSid: string }>): Promise<void> {
  const { db, params, organizationId } = context
  const bridge = await db.callBridge.findUnique({ where: { customerCallSid: params.CallSid } })
  if (!bridge) return
  // The claim, as everywhere here: once the row is gone the stopped legs' progress finds no bridge,
  // so nobody tries to send the caller who left on to the after-hours mode.
  const { count } = await db.callBridge.deleteMany({ where: { id: bridge.id, agentCallSid: null } })
  if (count === 0) return
  const client = await organizationClient(organizationId)
  if (client) await stopRingingLegs(db, client, bridge, params.CallSid)
}

/**
 * Whether no other leg of the customer's is still ringing or talking, asked under a row lock on
 * the bridge so that two legs ending at once cannot each see the other still live; the one that
 * sees none deletes the row (the claim: the customer is sent on once).
 */
async function lastLegEnded(db: ScopedDb, bridge: CallBridge, leg: string): Promise<boolean> {
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "CallBridge" WHERE id = ${bridge.id} FOR UPDATE`
    const live = await tx.callLog.findMany({ where: { parentCallSid: rootOf(bridge), callSid: { not: leg } }, select: { status: true } })
    if (live.some((row) => isLive(row.status))) return false
    const { count } = await tx.callBridge.deleteMany({ where: { id: bridge.id, agentCallSid: null } })
    return count === 1
  })
}

/**
 * Nobody took the call: a queued caller that was never moved stays in its queue; a caller in the
 * conference leaves it for the bridge-unanswered TwiML (the queue again, or the number's
 * after-hours mode, told how the last leg ended as a <Dial> action is told its DialCallStatus).
 */
async function sendCustomerOn(db: ScopedDb, client: TwilioClient, bridge: CallBridge, publicUrl: string, lastStatus: string) {
  await db.callBridge.deleteMany({ where: { id: bridge.id } })
  if (bridge.customerWaiting || !bridge.customerCallSid) return
  const url = `${publicUrl}/api/voice/bridge-unanswered?${new URLSearchParams({ fallback: bridge.fallback, status: lastStatus === 'completed' ? 'no-answer' : lastStatus })}`
  await client.calls(bridge.customerCallSid).update({ url, method: 'POST' }).catch((error) => console.warn(JSON.stringify({ msg: 'bridged caller not sent on', callSid: bridge.customerCallSid, error: String(error) })))
}

// --- Queues: an agent takes a waiting caller ----------------------------------------------------

async function twilioQueue(client: TwilioClient, name: string) {
  const queues = await twilio('list the queues', () => client.queues.list())
  return queues.find((queue) => queue.friendlyName === name) ?? null
}

/**
 * The agent answered: the queued caller leaves the queue for the conference. Twilio's Queue
 * Members update dequeues a chosen member to a URL
 * (https://www.twilio.com/docs/voice/api/queue-member-resource#update-a-member-resource), and the
 * guide moves the caller only once the agent has answered, so a caller whose agent does not
 * answer never loses their place. A caller gone meanwhile: the agent's leg is hung up.
 */
async function bringQueuedCustomer(db: ScopedDb, client: TwilioClient, bridge: CallBridge, agentLeg: string, publicUrl: string) {
  const queue = await twilioQueue(client, fallbackQueue(bridge.fallback) ?? '').catch(() => null)
  const moved = queue
    ? await client.queues(queue.sid).members(rootOf(bridge)).update({ url: `${publicUrl}/api/voice/bridge-join`, method: 'POST' }).then(() => true, () => false)
    : false
  if (moved) return
  await db.callBridge.deleteMany({ where: { id: bridge.id } })
  await hangUpLeg(client, agentLeg)
}

/** /api/voice/bridge-join: the dequeued caller's TwiML — into the conference, recorded from now on if the policy says so. */
export async function answerBridgeJoin(context: WebhookContext<{ CallSid: string }>): Promise<WebhookAnswer> {
  const { db, params, organizationId, publicUrl } = context
  const bridge = await db.callBridge.findUnique({ where: { customerCallSid: params.CallSid } })
  if (!bridge) return { twiml: goodbyeTwiml(), detail: { decision: 'hangup', reason: 'no bridge for this call' } }
  await db.callBridge.updateMany({ where: { id: bridge.id }, data: { customerWaiting: false } })
  await recordConnectedCall(db, organizationId, params.CallSid)
  const response = new VoiceResponse()
  appendBridgeConference(response, bridge.conference, publicUrl)
  return { twiml: response, detail: { decision: 'bridge', reason: `taken from the queue into ${bridge.conference}` } }
}

/** The queue a bridge-unanswered customer returns to, or null for the number's after-hours mode. */
export function queueFallbackTwiml(fallback: string | null, publicUrl: string): string | null {
  const queue = fallback && fallbackQueue(fallback)
  if (!queue) return null
  const response = new VoiceResponse()
  appendEnqueue(response, queue, DEFAULT_SAY_VOICE, publicUrl)
  return response.toString()
}

/** The members of an AVAILABLE agent's softphone; refuses one who cannot take a call now. */
async function availableAgent(db: ScopedDb, userId: string) {
  const [me] = await routableUsers(db, [userId])
  if (!me) throw notFound('You are not a member of this organization.')
  if (me.availability !== 'AVAILABLE') throw conflict('Set yourself available to take calls.')
  if (me.onCall) throw conflict('You are already on a call.')
  return me
}

/** Waiting callers of one of the organization's queues, live from Twilio's Queue Members with our call log. */
export async function queueCallers(db: ScopedDb, organizationId: string, queueId: string) {
  const queue = await db.queue.findUnique({ where: { id: queueId }, select: { id: true, name: true } })
  if (!queue) throw notFound('That queue was not found.')
  const client = await twilioFor(organizationId)
  const twilioQueueRow = await twilioQueue(client, queue.name)
  const members = twilioQueueRow ? await twilio('list the waiting callers', () => client.queues(twilioQueueRow.sid).members.list()) : []
  const sids = members.map((member) => member.callSid)
  const [calls, taking] = await Promise.all([
    db.callLog.findMany({ where: { callSid: { in: sids } }, select: { callSid: true, fromNumber: true, toNumber: true } }),
    db.callBridge.findMany({ where: { customerCallSid: { in: sids } }, select: { customerCallSid: true } }),
  ])
  const bySid = new Map(calls.map((call) => [call.callSid, call]))
  const taken = new Set(taking.map((bridge) => bridge.customerCallSid ?? ''))
  return {
    queue,
    callers: members
      .sort((a, b) => a.position - b.position)
      .map((member) => ({
        callSid: member.callSid,
        position: member.position,
        waitSeconds: member.waitTime,
        enqueuedAt: member.dateEnqueued,
        callerNumber: bySid.get(member.callSid)?.fromNumber ?? null,
        calledNumber: bySid.get(member.callSid)?.toNumber ?? null,
        beingTaken: taken.has(member.callSid),
      })),
  }
}

export const takeSchema = z.object({ callSid: z.string().regex(/^CA[0-9a-f]{32}$/).optional() }).strict()

/**
 * An available agent takes the caller at the front of the queue, or a chosen one: their softphone
 * is dialled into the caller's conference (it rings as an incoming call) and the caller follows
 * once they answer (bringQueuedCustomer). Two agents taking the same caller: the bridge row's
 * unique CallSid lets one through.
 */
export async function takeFromQueue(db: ScopedDb, organizationId: string, userId: string, queueId: string, chosen: string | undefined) {
  const queue = await db.queue.findUnique({ where: { id: queueId }, select: { name: true } })
  if (!queue) throw notFound('That queue was not found.')
  const me = await availableAgent(db, userId)
  const client = await twilioFor(organizationId)
  const row = await twilioQueue(client, queue.name)
  const member = row ? await client.queues(row.sid).members(chosen ?? 'Front').fetch().catch(() => null) : null
  if (!member) throw chosen ? notFound('That caller is no longer waiting.') : conflict('Nobody is waiting in this queue.')
  const conference = bridgeConferenceName(member.callSid)
  const [bridge] = await db.callBridge.createManyAndReturn({ data: [{ organizationId: '', conference, customerCallSid: member.callSid, fallback: queueFallback(queue.name), customerWaiting: true }], skipDuplicates: true })
  if (!bridge) throw conflict('Someone else is already taking this caller.')
  const numbers = await customerNumbers(db, member.callSid)
  try {
    const agentCallSid = await dialLeg(db, client, bridge, { to: `client:${me.softphoneIdentity}`, from: numbers.calledNumber, numbers }, config().publicUrl)
    await bridgeEvent(db, bridge, 'queue:taken', { userId, queue: queue.name, agentCallSid })
    return { callSid: member.callSid, agentCallSid }
  } catch (error) {
    await db.callBridge.deleteMany({ where: { id: bridge.id } })
    console.error(JSON.stringify({ msg: 'queue take failed', callSid: member.callSid, error: String(error) }))
    throw new HttpError(502, 'The phone service could not ring your softphone. Please try again.')
  }
}

// --- The softphone's call controls ---------------------------------------------------------------

/** The bridge whose agent leg is `callSid`, when that leg is the member's and live. */
async function agentBridge(db: ScopedDb, userId: string, callSid: string, control: CallControl) {
  const [leg, bridge] = await Promise.all([
    db.callLog.findUnique({ where: { callSid }, select: { agentUserId: true, status: true } }),
    db.callBridge.findFirst({ where: { agentCallSid: callSid } }),
  ])
  if (!leg || leg.agentUserId !== userId) throw notFound('That call was not found among your calls.')
  // A softphone's own call is only ever reported ringing, then completed (the TwiML App's status callback).
  if (!isLive(leg.status)) throw conflict('That call is not in progress.')
  if (!bridge) throw conflict('This call cannot be held or transferred.')
  const refused = refuseControl(state(bridge), control)
  if (refused) throw conflict(refused)
  return bridge
}

export const holdSchema = z.object({ hold: z.boolean() }).strict()

export async function holdCall(db: ScopedDb, organizationId: string, userId: string, callSid: string, hold: boolean) {
  const bridge = await agentBridge(db, userId, callSid, 'hold')
  const client = await twilioFor(organizationId)
  await twilio(hold ? 'hold the caller' : 'bring the caller back', () => conferenceOf(client, bridge).participants(BRIDGE_CUSTOMER_LABEL).update(holdParams(hold, config().publicUrl)))
  await bridgeEvent(db, bridge, hold ? 'hold:on' : 'hold:off', { userId, agentCallSid: callSid })
  return { callSid, held: hold }
}

export const transferSchema = z
  .object({
    mode: z.enum(['cold', 'warm']),
    target: z.discriminatedUnion('type', [
      z.object({ type: z.literal('agent'), userId: z.string().min(1).max(64) }).strict(),
      z.object({ type: z.literal('queue'), queueId: z.string().min(1).max(64) }).strict(),
      z.object({ type: z.literal('number'), number: z.string().min(1).max(32) }).strict(),
    ]),
  })
  .strict()

/**
 * The customer's call as a softphone shows it: the organization's number (the one called, or the
 * one a softphone called from — also what a transfer's target sees as the caller ID) and theirs.
 */
async function customerNumbers(db: ScopedDb, customerCallSid: string | null): Promise<CallNumbers> {
  const customer = await db.callLog.findUnique({ where: { callSid: customerCallSid ?? '' }, select: { direction: true, fromNumber: true, toNumber: true } })
  if (!customer) return { calledNumber: '', callerNumber: '' }
  const inbound = customer.direction === 'INBOUND'
  return { calledNumber: inbound ? customer.toNumber : customer.fromNumber, callerNumber: inbound ? customer.fromNumber : customer.toNumber }
}

async function transferDestination(db: ScopedDb, userId: string, mode: TransferMode, target: TransferTarget): Promise<TransferDestination> {
  const [agent, queue] = await Promise.all([
    target.type === 'agent' ? routableUsers(db, [target.userId]).then(([user]) => user ?? null) : null,
    target.type === 'queue' ? db.queue.findUnique({ where: { id: target.queueId }, select: { id: true, name: true } }) : null,
  ])
  const number = target.type === 'number' ? checkDialTarget(target.number, config().outboundCallCountries) : null
  const check = checkTransferTarget(target, { mode, userId, agent, queue, number })
  if (!check.ok) throw new HttpError(check.status, check.message)
  return check.destination
}

/**
 * Cold: the caller is held, the target dialled into the conference and the agent removed at once;
 * the caller comes off hold when the target answers (or goes on as unanswered). Warm: the caller
 * is held and the target dialled in to talk with the agent, until complete or cancel. A queue
 * (cold only) takes the caller out of the conference into its <Enqueue>, ending the agent's leg.
 * The agent's leg stops ending the conference first, so the caller stays when the agent leaves.
 */
export async function transferCall(db: ScopedDb, organizationId: string, userId: string, callSid: string, request: z.infer<typeof transferSchema>) {
  const bridge = await agentBridge(db, userId, callSid, 'transfer')
  const destination = await transferDestination(db, userId, request.mode, request.target)
  const { count } = await db.callBridge.updateMany({ where: { id: bridge.id, agentCallSid: callSid, transferMode: null }, data: { transferMode: request.mode } })
  if (count === 0) throw conflict('A transfer is already in progress on this call.')
  const client = await twilioFor(organizationId)
  const publicUrl = config().publicUrl
  const conference = conferenceOf(client, bridge)
  if (destination.kind === 'queue') {
    await db.callBridge.deleteMany({ where: { id: bridge.id } })
    const response = new VoiceResponse()
    appendEnqueue(response, destination.name, DEFAULT_SAY_VOICE, publicUrl)
    await twilio('send the caller to the queue', () => client.calls(bridge.customerCallSid!).update({ twiml: response.toString() }))
    await bridgeEvent(db, bridge, 'transfer:queue', { mode: 'cold', userId, queue: destination.name })
    return { callSid, transfer: { mode: request.mode, target: destination, targetCallSid: null } }
  }
  const numbers = await customerNumbers(db, bridge.customerCallSid)
  let targetCallSid: string
  try {
    await conference.participants(callSid).update({ endConferenceOnExit: false })
    await conference.participants(BRIDGE_CUSTOMER_LABEL).update(holdParams(true, publicUrl))
    targetCallSid = await dialLeg(db, client, bridge, { to: destination.to, from: numbers.calledNumber, numbers, endsCall: request.mode === 'cold' }, publicUrl)
  } catch (error) {
    await db.callBridge.updateMany({ where: { id: bridge.id }, data: { transferMode: null } })
    await conference.participants(callSid).update({ endConferenceOnExit: true }).catch(() => {})
    await conference.participants(BRIDGE_CUSTOMER_LABEL).update(holdParams(false, publicUrl)).catch(() => {})
    console.error(JSON.stringify({ msg: 'transfer failed', callSid, error: String(error) }))
    throw new HttpError(502, 'The phone service could not place the transfer. Please try again.')
  }
  await db.callBridge.updateMany({ where: { id: bridge.id }, data: { targetCallSid } })
  if (request.mode === 'cold') await conference.participants(callSid).remove().catch(() => {})
  await bridgeEvent(db, bridge, 'transfer:started', { mode: request.mode, userId, target: destination, targetCallSid })
  return { callSid, transfer: { mode: request.mode, target: destination, targetCallSid } }
}

/** Warm transfer, complete: the caller comes off hold with the second party and the first agent leaves. */
export async function completeTransfer(db: ScopedDb, organizationId: string, userId: string, callSid: string) {
  const bridge = await agentBridge(db, userId, callSid, 'complete')
  const target = await db.callLog.findUnique({ where: { callSid: bridge.targetCallSid! }, select: { status: true } })
  if (target?.status !== 'IN_PROGRESS') throw conflict('The transfer has not been answered yet.')
  const { count } = await db.callBridge.updateMany({ where: { id: bridge.id, agentCallSid: callSid, targetCallSid: bridge.targetCallSid }, data: { agentCallSid: bridge.targetCallSid, targetCallSid: null, transferMode: null } })
  if (count === 0) throw conflict('There is no warm transfer to complete on this call.')
  const conference = conferenceOf(await twilioFor(organizationId), bridge)
  await conference.participants(bridge.targetCallSid!).update({ endConferenceOnExit: true }).catch(() => {})
  await twilio('bring the caller back', () => conference.participants(BRIDGE_CUSTOMER_LABEL).update(holdParams(false, config().publicUrl)))
  await conference.participants(callSid).remove().catch(() => {})
  await bridgeEvent(db, bridge, 'transfer:completed', { mode: 'warm', userId, callSid: bridge.targetCallSid })
  return { callSid, agentCallSid: bridge.targetCallSid }
}

/** Warm transfer, cancel: the second party is dropped and the caller comes back to the first agent. */
export async function cancelTransfer(db: ScopedDb, organizationId: string, userId: string, callSid: string) {
  const bridge = await agentBridge(db, userId, callSid, 'cancel')
  const { count } = await db.callBridge.updateMany({ where: { id: bridge.id, agentCallSid: callSid, transferMode: 'warm' }, data: { targetCallSid: null, transferMode: null } })
  if (count === 0) throw conflict('There is no warm transfer to cancel on this call.')
  const client = await twilioFor(organizationId)
  const conference = conferenceOf(client, bridge)
  if (bridge.targetCallSid) await hangUpLeg(client, bridge.targetCallSid)
  await conference.participants(callSid).update({ endConferenceOnExit: true }).catch(() => {})
  await twilio('bring the caller back', () => conference.participants(BRIDGE_CUSTOMER_LABEL).update(holdParams(false, config().publicUrl)))
  await bridgeEvent(db, bridge, 'transfer:canceled', { mode: 'warm', userId, callSid: bridge.targetCallSid })
  return { callSid, held: false }
}
