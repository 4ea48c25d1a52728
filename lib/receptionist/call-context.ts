import { DateTime } from 'luxon'
import { prisma } from '@/lib/db/client'
import { scopedDb, type ScopedDb } from '@/lib/tenancy/scoped-db'

// What the AI receptionist is told about a call when its stream starts (the media server asks
// through GET /api/internal/media/calls/{callSid}/context): the teams it may transfer to and what
// the business knows of the caller. Nothing of one call is carried into another but this.

export interface ReceptionistCall {
  organizationId: string
  callLogId: string
  db: ScopedDb
  fromNumber: string
  phoneNumberId: string | null
}

/** The call by its CallSid, with the organization's scoped client; null when unknown. */
export async function findReceptionistCall(callSid: string): Promise<ReceptionistCall | null> {
  const call = await prisma().callLog.findUnique({ where: { callSid }, select: { id: true, organizationId: true, fromNumber: true, phoneNumberId: true } })
  if (!call) return null
  return { organizationId: call.organizationId, callLogId: call.id, db: scopedDb(prisma(), call.organizationId), fromNumber: call.fromNumber, phoneNumberId: call.phoneNumberId }
}

export interface CallContext {
  queues: string[]
  caller: { previousCalls: number; lastCallAt: string | null; lastOutcome: string | null }
  /** The above as sentences for the model's instructions. */
  instructions: string
}

export async function callContext(call: ReceptionistCall, now = new Date()): Promise<CallContext> {
  const [queues, previous, count, organization] = await Promise.all([
    call.db.queue.findMany({ select: { name: true }, orderBy: { name: 'asc' } }),
    call.db.callLog.findFirst({ where: { fromNumber: call.fromNumber, id: { not: call.callLogId } }, orderBy: { startedAt: 'desc' }, select: { startedAt: true, status: true, handledBy: true } }),
    call.db.callLog.count({ where: { fromNumber: call.fromNumber, id: { not: call.callLogId } } }),
    prisma().organization.findUniqueOrThrow({ where: { id: call.organizationId }, select: { timeZone: true } }),
  ])
  const lastOutcome = previous ? `${previous.status.toLowerCase().replace(/_/g, ' ')}${previous.handledBy ? `, handled by ${previous.handledBy.toLowerCase()}` : ''}` : null
  const names = queues.map((queue) => queue.name)
  const lines = [
    names.length ? `You can transfer the caller to these teams: ${names.join(', ')}.` : 'There is no team to transfer to: take a message instead.',
    previous
      ? `This caller has called ${count} time${count === 1 ? '' : 's'} before; the last call was ${DateTime.fromJSDate(previous.startedAt, { zone: organization.timeZone }).toRelative({ base: DateTime.fromJSDate(now) })} (${lastOutcome}).`
      : 'This is the first call from this number.',
  ]
  return { queues: names, caller: { previousCalls: count, lastCallAt: previous?.startedAt.toISOString() ?? null, lastOutcome }, instructions: lines.join(' ') }
}
