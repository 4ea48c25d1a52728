import type { CallHandler, CallStatus } from '@/lib/generated/prisma/enums'
import type { ScopedDb } from '@/lib/tenancy/scoped-db'
import { toCallStatus, toDirection, type TwilioCallStatus } from './call-status'

// The call log row for a CallSid, created by whichever webhook reaches us first (the voice
// request or a status callback, in any order, possibly at once): INSERT … ON CONFLICT DO NOTHING
// on the unique CallSid, returning the row when this request made it, else read — no lock, no
// lost race.

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
  /** The status the creating request reports; a new row starts in it when it is a status before answer. */
  status?: TwilioCallStatus
}

/** Statuses a row may be created in directly: later ones set answeredAt or endedAt (applyStatus). */
const INITIAL_STATUSES: readonly CallStatus[] = ['QUEUED', 'INITIATED', 'RINGING']

/** The member whose softphone a leg rings or was placed from (`client:<identity>`), when the caller did not say. */
function softphoneAgent(db: ScopedDb, call: CallIdentity) {
  const identity = [call.to, call.from].find((party) => party.startsWith('client:'))?.slice('client:'.length)
  if (call.agentUserId !== undefined || !identity) return call.agentUserId ?? null
  return db.user.findFirst({ where: { softphoneIdentity: identity }, select: { id: true } }).then((user) => user?.id ?? null)
}

export async function ensureCallLog(db: ScopedDb, call: CallIdentity) {
  const direction = toDirection(call.direction)
  const [phoneNumber, parent, agentUserId] = await Promise.all([
    call.phoneNumberId !== undefined ? { id: call.phoneNumberId } : db.phoneNumber.findFirst({ where: { e164: direction === 'INBOUND' ? call.to : call.from, status: 'ACTIVE' }, select: { id: true } }),
    call.parentCallSid ? db.callLog.findUnique({ where: { callSid: call.parentCallSid }, select: { id: true, phoneNumberId: true } }) : null,
    softphoneAgent(db, call),
  ])
  const initial = call.status ? toCallStatus(call.status) : 'QUEUED'
  // INSERT … ON CONFLICT DO NOTHING RETURNING: the row when this request created it, nothing when it existed.
  const [created] = await db.callLog.createManyAndReturn({
    data: [{
      organizationId: '', // set by the scoped client
      callSid: call.callSid,
      parentCallSid: call.parentCallSid ?? null,
      parentCallLogId: parent?.id ?? null,
      direction,
      fromNumber: call.from,
      toNumber: call.to,
      phoneNumberId: phoneNumber?.id ?? parent?.phoneNumberId ?? null,
      status: INITIAL_STATUSES.includes(initial) ? initial : 'QUEUED',
      handledBy: call.handledBy ?? null,
      agentUserId,
    }],
    skipDuplicates: true,
  })
  if (created) return { ...created, created: true }
  const row = await db.callLog.findUniqueOrThrow({ where: { callSid: call.callSid } })
  // A child leg whose first callback beat its parent's row attaches once the parent exists.
  if (parent && !row.parentCallLogId) await db.callLog.updateMany({ where: { id: row.id, parentCallLogId: null }, data: { parentCallLogId: parent.id } })
  return { ...row, created: false }
}
