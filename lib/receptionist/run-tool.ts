import { config } from '@/lib/config/env'
import { describeStatus, scheduleStatus } from '@/lib/routing/business-hours'
import { loadRoutingData } from '@/lib/routing/routing-data'
import { sayVoiceOf } from '@/lib/routing/inbound-route'
import { planTwiml } from '@/lib/routing/inbound-twiml'
import { prisma } from '@/lib/db/client'
import { changeLiveCall } from '@/lib/telephony/live-call'
import { addCallEvent } from '@/lib/telephony/webhook-events'
import { VoiceResponse } from '@/lib/telephony/twiml'
import type { ReceptionistCall } from './call-context'
import { toolArguments, type ToolArguments, type ToolName } from './tools'

// The AI receptionist's tool calls, run by the app against the live call and the organization's
// data. Every answer is something the model can act on: a failure is a result that says what went
// wrong and what to do instead, never an exception that leaves it waiting. Each call and its
// result go on the call's timeline once, keyed by the function call's id, so a retried request
// runs nothing twice.

export type ToolOutcome = { ok: true; result: Record<string, unknown> } | { ok: false; error: string }

export async function runReceptionistTool(call: ReceptionistCall, request: { callSid: string; callId: string; name: ToolName; arguments: string }): Promise<ToolOutcome> {
  const dedupeKey = `tool:${request.callId}`
  const earlier = await call.db.callEvent.findFirst({ where: { callLogId: call.callLogId, dedupeKey }, select: { payload: true } })
  if (earlier) return (earlier.payload as { outcome: ToolOutcome }).outcome
  const outcome = await decideAndRun(call, request)
  await addCallEvent(call.db, call.callLogId, dedupeKey, 'tool', { name: request.name, arguments: parseLoosely(request.arguments), outcome })
  return outcome
}

async function decideAndRun(call: ReceptionistCall, request: { callSid: string; name: ToolName; arguments: string }): Promise<ToolOutcome> {
  const parsed = toolArguments[request.name].safeParse(parseLoosely(request.arguments))
  if (!parsed.success) return { ok: false, error: `Invalid arguments: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'arguments'} ${issue.message}`).join('; ')}. Ask the caller again and retry.` }
  switch (request.name) {
    case 'business_hours':
      return businessHours(call)
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

async function businessHours(call: ReceptionistCall): Promise<ToolOutcome> {
  // The schedule routing used for this call: the number's own, else the organization's default.
  const { schedule } = await loadRoutingData(call.organizationId, call.toNumber)
  if (!schedule) return { ok: true, result: { open: true, description: 'No business hours are set: the business takes calls at any time.' } }
  const now = new Date()
  const status = scheduleStatus(schedule, now)
  return { ok: true, result: { open: status.open, description: `The business is ${describeStatus(schedule, status, now)} (${schedule.timeZone} time).`, timeZone: schedule.timeZone } }
}

async function takeMessage(call: ReceptionistCall, message: ToolArguments<'take_message'>): Promise<ToolOutcome> {
  const callbackNumber = message.callbackNumber || call.fromNumber
  const body = message.urgency === 'normal' ? message.reason : `[${message.urgency}] ${message.reason}`
  // One message per call: a corrected message replaces the first.
  await call.db.callerMessage.upsert({
    where: { callLogId_kind: { callLogId: call.callLogId, kind: 'MESSAGE' } },
    create: { organizationId: '', callLogId: call.callLogId, kind: 'MESSAGE', callerName: message.callerName, callbackNumber, body },
    update: { callerName: message.callerName, callbackNumber, body },
  })
  return { ok: true, result: { saved: true, callbackNumber, note: 'Tell the caller the team will get back to them.' } }
}

async function transfer(call: ReceptionistCall, callSid: string, target: ToolArguments<'transfer_call'>): Promise<ToolOutcome> {
  const queues = await call.db.queue.findMany({ select: { id: true, name: true }, orderBy: { name: 'asc' } })
  const queue = queues.find((candidate) => candidate.name.toLowerCase() === target.queue.toLowerCase())
  if (!queue) {
    const names = queues.map((candidate) => candidate.name)
    return { ok: false, error: names.length ? `There is no team called "${target.queue}". The teams are: ${names.join(', ')}.` : 'There is no team to transfer to. Offer to take a message instead.' }
  }
  const { publicUrl, mediaServerPublicUrl, holdMusicUrl } = config()
  // The queue's announcements in the number's <Say> voice, as the rest of its calls.
  const [number, organization] = await Promise.all([
    call.phoneNumberId ? call.db.phoneNumber.findFirst({ where: { id: call.phoneNumberId }, select: { voice: true } }) : null,
    prisma().organization.findUniqueOrThrow({ where: { id: call.organizationId }, select: { defaultVoice: true, recordingPolicy: true } }),
  ])
  // The caller heard the disclosure at the start, and a recording of the AI call goes on across
  // the new TwiML (it belongs to the call, not to the stream): nothing more is said or started.
  const recording = { policy: organization.recordingPolicy, disclosure: null, fromConnect: false }
  const plan = { kind: 'queue' as const, reason: `AI receptionist transfer to ${queue.name}`, queueId: queue.id, queueName: queue.name, sayVoice: sayVoiceOf(number, organization), recording }
  const twiml = planTwiml(plan, { from: call.fromNumber, to: '' }, { publicUrl, mediaServerUrl: mediaServerPublicUrl, holdMusicUrl })
  if (!(await changeLiveCall(call.organizationId, callSid, { twiml }))) return { ok: false, error: 'The transfer did not go through. Offer to take a message instead.' }
  await call.db.callLog.updateMany({ where: { id: call.callLogId }, data: { handledBy: 'QUEUE' } })
  return { ok: true, result: { transferredTo: queue.name } }
}

async function hangUp(call: ReceptionistCall, callSid: string): Promise<ToolOutcome> {
  const twiml = new VoiceResponse()
  twiml.hangup()
  return (await changeLiveCall(call.organizationId, callSid, { twiml: twiml.toString() })) ? { ok: true, result: { ended: true } } : { ok: false, error: 'The call could not be ended; it may already be over.' }
}
