import { DateTime } from 'luxon'
import { prisma } from '@/lib/db/client'
import { scopedDb, type ScopedDb } from '@/lib/tenancy/scoped-db'
import { effectiveSettings, receptionistInstructions, type Language, type TurnDetection } from './settings'
import { TOOL_NAMES, type ToolName } from './tools'
import { describeTransferTargets, transferTargets, type TransferTarget } from './transfer-targets'

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
  /** The teams among the transfer targets (kept for older media servers). */
  queues: string[]
  /** Everyone the receptionist may transfer to, by name (transfer_call's `target`). */
  transferTargets: Array<{ name: string; kind: TransferTarget['kind'] }>
  caller: { previousCalls: number; lastCallAt: string | null; lastOutcome: string | null }
  /** The receptionist's whole instructions: the brief, the business's own, and the above as sentences. */
  instructions: string
  /** The tools switched on for this number. */
  tools: ToolName[]
  language: Language
  turnDetection: TurnDetection
  minBargeInMs: number
}

/** The settings in force for the call (its number's over the organization's), with the organization. */
export async function loadCallSettings(call: ReceptionistCall) {
  const [organization, number] = await Promise.all([
    prisma().organization.findUniqueOrThrow({ where: { id: call.organizationId } }),
    call.phoneNumberId ? call.db.phoneNumber.findFirst({ where: { id: call.phoneNumberId }, select: { greeting: true, voice: true, aiSettings: true } }) : null,
  ])
  return { organization, number, settings: effectiveSettings(organization, number) }
}

/** Timeline events of a transfer nobody answered (app/api/voice/transfer-ended): the receptionist is told. */
export const TRANSFER_FAILED_EVENT = 'transfer-failed'

export async function callContext(call: ReceptionistCall, now = new Date()): Promise<CallContext> {
  const [{ organization, settings }, previous, count, failedTransfer] = await Promise.all([
    loadCallSettings(call),
    call.db.callLog.findFirst({ where: { fromNumber: call.fromNumber, id: { not: call.callLogId } }, orderBy: { startedAt: 'desc' }, select: { startedAt: true, status: true, handledBy: true } }),
    call.db.callLog.count({ where: { fromNumber: call.fromNumber, id: { not: call.callLogId } } }),
    call.db.callEvent.findFirst({ where: { callLogId: call.callLogId, type: TRANSFER_FAILED_EVENT }, orderBy: { occurredAt: 'desc' }, select: { payload: true } }),
  ])
  const targets = await transferTargets(call.db, settings)
  const lastOutcome = previous ? `${previous.status.toLowerCase().replace(/_/g, ' ')}${previous.handledBy ? `, handled by ${previous.handledBy.toLowerCase()}` : ''}` : null
  const tools = TOOL_NAMES.filter((name) => settings.tools[name] && (name !== 'transfer_call' || targets.length > 0))
  const failed = failedTransfer?.payload as { target: string; status: string } | undefined
  const facts = [
    tools.includes('transfer_call') ? `You can transfer the caller to: ${describeTransferTargets(targets)}.` : 'There is no one to transfer to: take a message instead.',
    previous
      ? `This caller has called ${count} time${count === 1 ? '' : 's'} before; the last call was ${DateTime.fromJSDate(previous.startedAt, { zone: organization.timeZone }).toRelative({ base: DateTime.fromJSDate(now) })} (${lastOutcome}).`
      : 'This is the first call from this number.',
    failed && `You already tried to transfer this caller to ${failed.target} during this call, and nobody answered (${failed.status}). The caller is back with you: do not try ${failed.target} again; offer to take a message.`,
  ].filter((fact): fact is string => Boolean(fact))
  return {
    queues: targets.filter((target) => target.kind === 'queue').map((target) => target.name),
    transferTargets: targets.map(({ name, kind }) => ({ name, kind })),
    caller: { previousCalls: count, lastCallAt: previous?.startedAt.toISOString() ?? null, lastOutcome },
    instructions: receptionistInstructions(settings, organization, facts),
    tools,
    language: settings.language,
    turnDetection: settings.turnDetection,
    minBargeInMs: settings.minBargeInMs,
  }
}
