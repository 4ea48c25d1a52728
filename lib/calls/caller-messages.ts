import { z } from 'zod'
import { recordAudit } from '@/lib/audit/record'
import { notFound } from '@/lib/http/problem'
import type { ScopedDb } from '@/lib/tenancy/scoped-db'

// What callers left for the team: messages the AI receptionist took (kind MESSAGE, take_message in
// lib/receptionist/run-tool.ts) and calls it could not answer, to be called back (MISSED_CALLBACK,
// lib/calls/ai-fallback.ts). Newest first; the team marks each handled, audited.

export type CallerMessageView = ReturnType<typeof messageView>

export async function listMessages(db: ScopedDb): Promise<CallerMessageView[]> {
  const rows = await db.callerMessage.findMany({ orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: 200 })
  return rows.map(messageView)
}

export const messagePatchSchema = z.object({ handled: z.boolean() })

export async function markMessageHandled(db: ScopedDb, actorUserId: string, id: string, handled: boolean): Promise<CallerMessageView> {
  return db.$transaction(async (tx) => {
    const before = await tx.callerMessage.findFirst({ where: { id }, select: { handledAt: true } })
    if (!before) throw notFound('No such message.')
    // Marking handled again keeps the first time it was handled.
    const handledAt = handled ? (before.handledAt ?? new Date()) : null
    const row = await tx.callerMessage.update({ where: { id }, data: { handledAt } })
    if ((before.handledAt !== null) !== handled) await recordAudit(tx, { actorUserId, action: handled ? 'message.handled' : 'message.reopened', targetType: 'CallerMessage', targetId: id })
    return messageView(row)
  })
}

export function messageView(row: { id: string; kind: string; callerName: string | null; callbackNumber: string | null; urgency: string | null; body: string; createdAt: Date; handledAt: Date | null; callLogId: string | null }) {
  return {
    id: row.id,
    kind: row.kind === 'MISSED_CALLBACK' ? ('missed_callback' as const) : ('message' as const),
    callerName: row.callerName,
    callbackNumber: row.callbackNumber,
    /** take_message's urgency; null for a missed call to call back. */
    urgency: row.urgency as 'low' | 'normal' | 'urgent' | null,
    body: row.body,
    createdAt: row.createdAt.toISOString(),
    handledAt: row.handledAt?.toISOString() ?? null,
    callId: row.callLogId,
  }
}
