import { config } from '@/lib/config/env'
import { describeStatus, scheduleStatus } from '@/lib/routing/business-hours'
import { loadRoutingData } from '@/lib/routing/routing-data'
import { sayVoiceOf } from '@/lib/routing/inbound-route'
import { changeLiveCall } from '@/lib/telephony/live-call'
import { addCallEvent } from '@/lib/telephony/webhook-events'
import { VoiceResponse } from '@/lib/telephony/twiml'
import { loadCallSettings, type ReceptionistCall } from './call-context'
import { describeTransferTargets, findTransferTarget, transferTargets } from './transfer-targets'
import { transferTwiml } from './transfer-twiml'
import { toolArguments, type ToolArguments, type ToolName } from './tools'

// The AI receptionist's tool calls, run by the app against the live call and the organization's
// data. Every answer is something the model can act on: a failure is a result that says what went
// wrong and what to do instead, never an exception that leaves it waiting. Each call and its
// result go on the call's timeline once, keyed by the function call's id, so a retried request
// runs nothing twice.

export type ToolOutcome = { ok: true; result: Record<string, unknown> } | { ok: false; error: string }

/** `now` is the time business_hours answers for (tests pass one across a daylight-saving change). */
export async function runReceptionistTool(call: ReceptionistCall, request: { callSid: string; callId: string; name: ToolName; arguments: string }, now = new Date()): Promise<ToolOutcome> {
  const dedupeKey = `tool:${request.callId}`
  const earlier = await call.db.callEvent.findFirst({ where: { callLogId: call.callLogId, dedupeKey }, select: { payload: true } })
  if (earlier) return (earlier.payload as { outcome: ToolOutcome }).outcome
  const outcome = await decideAndRun(call, request, now)
  await addCallEvent(call.db, call.callLogId, dedupeKey, 'tool', { name: request.name, arguments: parseLoosely(request.arguments), outcome })
  return outcome
}

async function decideAndRun(call: ReceptionistCall, request: { callSid: string; name: ToolName; arguments: string }, now: Date): Promise<ToolOutcome> {
  const parsed = toolArguments[request.name].safeParse(parseLoosely(request.arguments))
  if (!parsed.success) return { ok: false, error: `Invalid arguments: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'arguments'} ${issue.message}`).join('; ')}. Ask the caller again and retry.` }
  switch (request.name) {
    case 'business_hours':
      return businessHours(call, now)
    case 'take_message':
      return takeMessage(call, parsed.data as ToolArguments<'take_message'>)
    case 'transfer_call':
      return transfer(call, request.callSid, parsed.data as ToolArguments<'transfer_call'>)
    case 'end_call':
      return hangUp(call, request.callSid)
  }
}

function parseLoosely(text: string): unknown {
  try {
    return text ? JSON.parse(text) : {}
  } catch {
    return text
  }
}

async function businessHours(call: ReceptionistCall, now: Date): Promise<ToolOutcome> {
  // The schedule routing used for this call: the number's own, else the organization's default.
  const { schedule } = await loadRoutingData(call.organizationId, call.toNumber)
  if (!schedule) return { ok: true, result: { open: true, description: 'No business hours are set: the business takes calls at any time.' } }
  const status = scheduleStatus(schedule, now)
  return { ok: true, result: { open: status.open, description: `The business is ${describeStatus(schedule, status, now)} (${schedule.timeZone} time).`, timeZone: schedule.timeZone } }
}

async function takeMessage(call: ReceptionistCall, message: ToolArguments<'take_message'>): Promise<ToolOutcome> {
  const callbackNumber = message.callbackNumber || call.fromNumber
  const taken = { callerName: message.callerName, callbackNumber, urgency: message.urgency, body: message.reason }
  // One message per call: a corrected message replaces the first.
  await call.db.callerMessage.upsert({
    where: { callLogId_kind: { callLogId: call.callLogId, kind: 'MESSAGE' } },
    create: { organizationId: '', callLogId: call.callLogId, kind: 'MESSAGE', ...taken },
    update: taken,
  })
  return { ok: true, result: { saved: true, callbackNumber, note: 'Tell the caller the team will get back to them.' } }
}

async function transfer(call: ReceptionistCall, callSid: string, request: ToolArguments<'transfer_call'>): Promise<ToolOutcome> {
  const { organization, number, settings } = await loadCallSettings(call)
  const targets = await transferTargets(call.db, settings)
  const target = findTransferTarget(targets, request.target)
  if (!target) {
    return { ok: false, error: targets.length ? `There is no one called "${request.target}" to transfer to. You can transfer to: ${describeTransferTargets(targets)}.` : 'There is no one to transfer to. Offer to take a message instead.' }
  }
  const { publicUrl } = config()
  // The announcement in the number's <Say> voice, as the rest of its calls.
  const twiml = transferTwiml(target, { publicUrl, callerId: call.toNumber, callerNumber: call.fromNumber, sayVoice: sayVoiceOf(number, organization) })
  if (!(await changeLiveCall(call.organizationId, callSid, { twiml }))) return { ok: false, error: 'The transfer did not go through. Offer to take a message instead.' }
  // A team's queue and a person take the call over; an outside number is answered outside the organization.
  if (target.kind === 'queue') await call.db.callLog.updateMany({ where: { id: call.callLogId }, data: { handledBy: 'QUEUE' } })
  if (target.kind === 'agent') await call.db.callLog.updateMany({ where: { id: call.callLogId }, data: { handledBy: 'AGENT', agentUserId: target.userId } })
  return { ok: true, result: { transferredTo: target.name, kind: target.kind } }
}

async function hangUp(call: ReceptionistCall, callSid: string): Promise<ToolOutcome> {
  const twiml = new VoiceResponse()
  twiml.hangup()
  return (await changeLiveCall(call.organizationId, callSid, { twiml: twiml.toString() })) ? { ok: true, result: { ended: true } } : { ok: false, error: 'The call could not be ended; it may already be over.' }
}
