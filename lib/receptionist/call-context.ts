import { DateTime } from 'luxon'
import { prisma } from '@/lib/db/client'
import { scopedDb, type ScopedDb } from '@/lib/tenancy/scoped-db'
import { effectiveSettings, receptionistInstructions, type Language, type TurnDetection } from './settings'
import { TOOL_NAMES, type ToolName } from './tools'

// What the AI receptionist is told about a call when its stream starts (the media server asks
// through GET /api/internal/media/calls/{callSid}/context): the teams it may transfer to and what
// the business knows of the caller. Nothing of one call is carried into another but this.

export interface ReceptionistCall {
  organizationId: string
  callLogId: string
  db: ScopedDb
  fromNumber: string
  toNumber: string
  phoneNumberId: string | null
}

/** The call by its CallSid, with the organization's scoped client; null when unknown. */
export async function findReceptionistCall(callSid: string): Promise<ReceptionistCall | null> {
  const call = await prisma().callLog.findUnique({ where: { callSid }, select: { id: true, organizationId: true, fromNumber: true, toNumber: true, phoneNumberId: true } })
  if (!call) return null
  return { organizationId: call.organizationId, callLogId: call.id, db: scopedDb(prisma(), call.organizationId), fromNumber: call.fromNumber, toNumber: call.toNumber, phoneNumberId: call.phoneNumberId }
}

export interface CallContext {
  queues: string[]
  caller: { previousCalls: number; lastCallAt: string | null; lastOutcome: string | null }
  /** The receptionist's whole instructions: the brief, the business's own, and the above as sentences. */
  instructions: string
  /** The tools switched on for this number. */
  tools: ToolName[]
  language: Language
  turnDetection: TurnDetection
  minBargeInMs: number
}

export async function callContext(call: ReceptionistCall, now = new Date()): Promise<CallContext> {
  const [queues, previous, count, organization, number] = await Promise.all([
    call.db.queue.findMany({ select: { name: true }, orderBy: { name: 'asc' } }),
    call.db.callLog.findFirst({ where: { fromNumber: call.fromNumber, id: { not: call.callLogId } }, orderBy: { startedAt: 'desc' }, select: { startedAt: true, status: true, handledBy: true } }),
    call.db.callLog.count({ where: { fromNumber: call.fromNumber, id: { not: call.callLogId } } }),
    prisma().organization.findUniqueOrThrow({ where: { id: call.organizationId } }),
    call.phoneNumberId ? call.db.phoneNumber.findFirst({ where: { id: call.phoneNumberId }, select: { greeting: true, voice: true, aiSettings: true } }) : null,
  ])
  const settings = effectiveSettings(organization, number)
  const allowed = settings.transferQueues.map((name) => name.toLowerCase())
  const names = queues.map((queue) => queue.name).filter((name) => allowed.length === 0 || allowed.includes(name.toLowerCase()))
  const lastOutcome = previous ? `${previous.status.toLowerCase().replace(/_/g, ' ')}${previous.handledBy ? `, handled by ${previous.handledBy.toLowerCase()}` : ''}` : null
  const tools = TOOL_NAMES.filter((name) => settings.tools[name] && (name !== 'transfer_call' || names.length > 0))
  const facts = [
    tools.includes('transfer_call') ? `You can transfer the caller to these teams: ${names.join(', ')}.` : 'There is no team to transfer to: take a message instead.',
    previous
      ? `This caller has called ${count} time${count === 1 ? '' : 's'} before; the last call was ${DateTime.fromJSDate(previous.startedAt, { zone: organization.timeZone }).toRelative({ base: DateTime.fromJSDate(now) })} (${lastOutcome}).`
      : 'This is the first call from this number.',
  ]
  return {
    queues: names,
    caller: { previousCalls: count, lastCallAt: previous?.startedAt.toISOString() ?? null, lastOutcome },
    instructions: receptionistInstructions(settings, organization, facts),
    tools,
    language: settings.language,
    turnDetection: settings.turnDetection,
    minBargeInMs: settings.minBargeInMs,
  }
}
