import { z } from 'zod'
import { config } from '@/lib/config/env'
import { callCost } from '@/lib/billing/pricing'
import type { PrismaClient } from '@/lib/generated/prisma/client'
import { scopedDb, type ScopedDb } from '@/lib/tenancy/scoped-db'
import { addCallEvent } from '@/lib/telephony/webhook-events'
import { applyReportedPrice, storeReportedPrice } from './call-price'
import { ensureCallLog } from './call-records'
import { isTerminal, replaceable, toCallStatus, TWILIO_CALL_STATUSES, type TwilioCallStatus } from './call-status'

// Twilio's status callbacks (https://www.twilio.com/docs/voice/api/call-resource#statuscallback)
// may arrive late, twice, at once or out of order. Every step below is idempotent and guarded
// by the database, never by a lock held across I/O:
//  - the row: INSERT … ON CONFLICT DO NOTHING on the unique CallSid;
//  - the event: unique (callLogId, dedupeKey), so a repeated callback is one timeline entry;
//  - the status: a conditional UPDATE that only moves forward (or, within a rank, to a newer
//    SequenceNumber), so concurrent callbacks settle on the newest whatever the order;
//  - duration and price: set once, where still null; a price known only later re-prices the
//    usage row by setting its cost (call-price.ts), never by adding to it;
//  - usage: unique (callLogId, category), so two racing completions count the call once.
// A retry therefore repeats every step harmlessly and completes whatever a failed attempt left.

export const statusCallbackSchema = z.looseObject({
  CallSid: z.string().regex(/^CA[0-9a-f]{32}$/),
  CallStatus: z.enum(TWILIO_CALL_STATUSES),
  From: z.string().default(''),
  To: z.string().default(''),
  Direction: z.string().optional(),
  ParentCallSid: z.string().regex(/^CA[0-9a-f]{32}$/).optional(),
  SequenceNumber: z.coerce.number().int().min(0).optional(),
  CallDuration: z.coerce.number().int().min(0).optional(),
  Price: z.string().optional(),
  PriceUnit: z.string().optional(),
  Timestamp: z.string().optional(),
  CallbackSource: z.string().optional(),
})
export type StatusCallback = z.infer<typeof statusCallbackSchema>

export async function trackCallStatus(db: ScopedDb, callback: StatusCallback): Promise<void> {
  const call = await ensureCallLog(db, { callSid: callback.CallSid, from: callback.From, to: callback.To, direction: callback.Direction, parentCallSid: callback.ParentCallSid })
  const occurredAt = parseTimestamp(callback.Timestamp)
  const sequence = callback.SequenceNumber ?? -1
  await addCallEvent(db, call.id, `status:${callback.CallbackSource ?? 'status'}:${sequence}:${callback.CallStatus}`, 'status', { ...callback }, occurredAt)
  await applyStatus(db, call.id, callback.CallStatus, sequence, occurredAt)
  if (callback.CallDuration !== undefined && isTerminal(toCallStatus(callback.CallStatus))) {
    await db.callLog.updateMany({ where: { id: call.id, durationSeconds: null }, data: { durationSeconds: callback.CallDuration } })
  }
  if (callback.Price) await storeReportedPrice(db, call.id, callback.Price, callback.PriceUnit)
  await countUsage(db, call.id)
  // A price reported after the call was counted from the price table replaces that cost (call-price.ts).
  if (callback.Price) await applyReportedPrice(db, call.id)
}

/** Moves the call's status forward only; returns whether this callback changed it. */
export async function applyStatus(db: ScopedDb, callLogId: string, twilioStatus: TwilioCallStatus, sequence: number, at: Date): Promise<boolean> {
  const status = toCallStatus(twilioStatus)
  const { lower, sameRank } = replaceable(status)
  const { count } = await db.callLog.updateMany({
    where: { id: callLogId, OR: [{ status: { in: lower } }, { status: { in: sameRank }, statusSequence: { lt: sequence } }] },
    data: { status, statusSequence: sequence, ...(isTerminal(status) && { endedAt: at }) },
  })
  // When it was answered is a fact even if the `in-progress` callback came after the end.
  if (status === 'IN_PROGRESS') await db.callLog.updateMany({ where: { id: callLogId, answeredAt: null }, data: { answeredAt: at } })
  return count === 1
}

/**
 * A Media Stream the media server has claimed proves Twilio answered the call (it ran our
 * <Connect><Stream>). A number's status callback hears only of the end by default
 * (https://www.twilio.com/docs/voice/api/incomingphonenumber-resource, `status_callback`), so
 * without this an AI call would read `ringing` while the receptionist talks. No SequenceNumber
 * comes with it: it moves the call forward from ringing, never back from an end.
 */
export async function markStreamStarted(db: PrismaClient, callSid: string, at = new Date()): Promise<void> {
  const call = await db.callLog.findUnique({ where: { callSid }, select: { id: true, organizationId: true } })
  if (call) await applyStatus(scopedDb(db, call.organizationId), call.id, 'in-progress', -1, at)
}

/** Once a call has completed, its telephony minutes and cost are written to the usage records, once. */
async function countUsage(db: ScopedDb, callLogId: string): Promise<void> {
  const call = await db.callLog.findUniqueOrThrow({ where: { id: callLogId } })
  if (call.status !== 'COMPLETED' || call.durationSeconds === null) return
  const cost = callCost({ direction: call.direction, durationSeconds: call.durationSeconds, twilioPrice: call.price?.toString() ?? null }, config().prices)
  await db.usageRecord.createMany({
    data: [{
      organizationId: '', // set by the scoped client
      callLogId,
      category: call.direction === 'INBOUND' ? 'VOICE_INBOUND' : 'VOICE_OUTBOUND',
      quantity: cost.billedMinutes,
      unit: 'minutes',
      costUsd: cost.costUsd,
      // Without an `answered` callback (a number's status callback sends only `completed`), the
      // call was answered its duration before it ended.
      periodStart: call.answeredAt ?? (call.endedAt ? new Date(call.endedAt.getTime() - call.durationSeconds * 1000) : call.startedAt),
      periodEnd: call.endedAt ?? call.updatedAt,
    }],
    skipDuplicates: true,
  })
  await db.callLog.updateMany({ where: { id: callLogId, costUsd: null }, data: { costUsd: cost.costUsd } })
}

function parseTimestamp(raw: string | undefined): Date {
  const parsed = raw ? new Date(raw) : new Date()
  return Number.isNaN(parsed.getTime()) ? new Date() : parsed
}
