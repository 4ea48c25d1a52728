import type { CallHandler } from '@/lib/generated/prisma/enums'
import type { ScopedDb } from '@/lib/tenancy/scoped-db'
import { toDirection } from './call-status'

// The call log row for a CallSid, created by whichever webhook reaches us first (the voice
// request or a status callback, in any order, possibly at once): INSERT … ON CONFLICT DO NOTHING
// on the unique CallSid, then read — no lock, no lost race.

export interface CallIdentity {
  callSid: string
  from: string
  to: string
  direction?: string
  parentCallSid?: string
  /** When the caller already looked the number up (null: not one of ours). */
  phoneNumberId?: string | null
  /** Who handles the call, when a new row is created by the routing webhook. */
  handledBy?: CallHandler | null
  agentUserId?: string | null
}

export async function ensureCallLog(db: ScopedDb, call: CallIdentity) {
  const direction = toDirection(call.direction)
  const [phoneNumber, parent] = await Promise.all([
    call.phoneNumberId !== undefined ? { id: call.phoneNumberId } : db.phoneNumber.findFirst({ where: { e164: direction === 'INBOUND' ? call.to : call.from, status: 'ACTIVE' }, select: { id: true } }),
    call.parentCallSid ? db.callLog.findUnique({ where: { callSid: call.parentCallSid }, select: { id: true, phoneNumberId: true } }) : null,
  ])
  await db.callLog.createMany({
    data: [{
      organizationId: '', // set by the scoped client
      callSid: call.callSid,
      parentCallSid: call.parentCallSid ?? null,
      parentCallLogId: parent?.id ?? null,
      direction,
      fromNumber: call.from,
      toNumber: call.to,
      phoneNumberId: phoneNumber?.id ?? parent?.phoneNumberId ?? null,
      status: 'QUEUED',
      handledBy: call.handledBy ?? null,
      agentUserId: call.agentUserId ?? null,
    }],
    skipDuplicates: true,
  })
  const row = await db.callLog.findUniqueOrThrow({ where: { callSid: call.callSid } })
  // A child leg whose first callback beat its parent's row attaches once the parent exists.
  if (parent && !row.parentCallLogId) await db.callLog.updateMany({ where: { id: row.id, parentCallLogId: null }, data: { parentCallLogId: parent.id } })
  return row
}
