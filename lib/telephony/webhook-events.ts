import type { Prisma } from '@/lib/generated/prisma/client'
import type { ScopedDb } from '@/lib/tenancy/scoped-db'

// The call's timeline: every webhook with the TwiML we answered. The dedupe key (Twilio's
// idempotency token, which its retries repeat) makes a retried request one entry, not two.

export interface WebhookEventInput {
  callSid: string
  path: string
  dedupeKey: string
  params: Record<string, string>
  twiml: string
  detail?: Record<string, unknown>
  /** The call's row, when the handler has it already. */
  callLogId?: string
}

export async function recordWebhookEvent(db: ScopedDb, input: WebhookEventInput): Promise<void> {
  const callLogId = input.callLogId ?? (await db.callLog.findUnique({ where: { callSid: input.callSid }, select: { id: true } }))?.id
  if (!callLogId) return
  await addCallEvent(db, callLogId, input.dedupeKey, `webhook:${input.path.replace(/^\/api\/voice\//, '')}`, {
    path: input.path,
    params: input.params,
    twiml: input.twiml,
    ...(input.detail && { detail: input.detail }),
  })
}

/** Adds an event once; returns false when an event with this key is already on the call. */
export async function addCallEvent(db: ScopedDb, callLogId: string, dedupeKey: string, type: string, payload: Record<string, unknown>, occurredAt = new Date()): Promise<boolean> {
  const { count } = await db.callEvent.createMany({
    data: [{ callLogId, dedupeKey, type, payload: payload as Prisma.InputJsonValue, occurredAt, organizationId: '' }],
    skipDuplicates: true,
  })
  return count === 1
}
