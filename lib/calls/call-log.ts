import { z } from 'zod'
import type { Prisma } from '@/lib/generated/prisma/client'
import { notFound } from '@/lib/http/problem'
import type { ScopedDb } from '@/lib/tenancy/scoped-db'
import { callSummarySchema } from '@/lib/receptionist/call-summary'
import { messageView } from './caller-messages'
import { toTwilioStatus, TWILIO_CALL_STATUSES } from './call-status'
import { turnLatency } from './turn-latency'

// The call log as the API shows it: Twilio's vocabulary for status and direction, paged by an
// opaque cursor (the last row's id, in the stable order startedAt desc, id desc).

const PAGE_SIZE = 50

export const callFiltersSchema = z.object({
  direction: z.enum(['inbound', 'outbound']).optional(),
  status: z.enum(TWILIO_CALL_STATUSES).optional(),
  handler: z.enum(['ai', 'agent', 'queue', 'voicemail', 'message']).optional(),
  numberId: z.string().min(1).optional(),
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  /** Words in the call's numbers or in what was said on it (the AI receptionist's transcript). */
  q: z.string().trim().min(1).max(200).optional(),
  cursor: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(PAGE_SIZE),
})
export type CallFilters = z.infer<typeof callFiltersSchema>

type CallRow = Prisma.CallLogGetPayload<{ include: { phoneNumber: { select: { e164: true; friendlyName: true } } } }>

export function callView(row: CallRow) {
  return {
    id: row.id,
    callSid: row.callSid,
    parentCallSid: row.parentCallSid,
    parentCallId: row.parentCallLogId,
    direction: row.direction === 'INBOUND' ? 'inbound' : 'outbound',
    fromNumber: row.fromNumber,
    toNumber: row.toNumber,
    numberId: row.phoneNumberId,
    numberName: row.phoneNumber?.friendlyName ?? null,
    status: toTwilioStatus(row.status),
    handledBy: row.handledBy?.toLowerCase() ?? null,
    durationSeconds: row.durationSeconds,
    price: row.price === null ? null : Number(row.price),
    priceUnit: row.priceUnit,
    costUsd: row.costUsd === null ? null : Number(row.costUsd),
    startedAt: row.startedAt.toISOString(),
    answeredAt: row.answeredAt?.toISOString() ?? null,
    endedAt: row.endedAt?.toISOString() ?? null,
  }
}
export type CallView = ReturnType<typeof callView>

const include = { phoneNumber: { select: { e164: true, friendlyName: true } } } as const

export async function listCalls(db: ScopedDb, filters: CallFilters): Promise<{ calls: CallView[]; nextCursor: string | null }> {
  const where: Prisma.CallLogWhereInput = {
    // Child legs show inside their parent's detail, not as calls of their own.
    parentCallLogId: null,
    ...(filters.direction && { direction: filters.direction === 'inbound' ? 'INBOUND' : 'OUTBOUND' }),
    ...(filters.status && { status: filters.status.toUpperCase().replace('-', '_') as Prisma.CallLogWhereInput['status'] }),
    ...(filters.handler && { handledBy: filters.handler.toUpperCase() as Prisma.CallLogWhereInput['handledBy'] }),
    ...(filters.numberId && { phoneNumberId: filters.numberId }),
    ...((filters.from || filters.to) && { startedAt: { ...(filters.from && { gte: new Date(filters.from) }), ...(filters.to && { lt: new Date(filters.to) }) } }),
    ...(filters.q && {
      OR: [
        { fromNumber: { contains: filters.q } },
        { toNumber: { contains: filters.q } },
        { transcript: { some: { text: { contains: filters.q, mode: 'insensitive' as const } } } },
      ],
    }),
  }
  const rows = await db.callLog.findMany({
    where,
    include,
    orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
    take: filters.limit + 1,
    ...(filters.cursor && { cursor: { id: filters.cursor }, skip: 1 }),
  })
  const page = rows.slice(0, filters.limit)
  return { calls: page.map(callView), nextCursor: rows.length > filters.limit ? page.at(-1)!.id : null }
}

export async function getCall(db: ScopedDb, id: string) {
  const row = await db.callLog.findUnique({ where: { id }, include })
  if (!row) throw notFound('No such call.')
  const [events, legs, voicemails, usage, messages, transcript] = await Promise.all([
    db.callEvent.findMany({ where: { callLogId: id }, orderBy: [{ receivedAt: 'asc' }, { id: 'asc' }] }),
    db.callLog.findMany({ where: { parentCallLogId: id }, include, orderBy: { startedAt: 'asc' } }),
    db.voicemail.findMany({ where: { callLogId: id } }),
    db.usageRecord.findMany({ where: { callLogId: id } }),
    db.callerMessage.findMany({ where: { callLogId: id } }),
    db.callTranscriptTurn.findMany({ where: { callLogId: id }, orderBy: { position: 'asc' } }),
  ])
  const aiUsd = usage.filter((u) => u.category === 'AI_REALTIME').reduce((sum, u) => sum + Number(u.costUsd), 0)
  const telephonyUsd = row.costUsd === null ? null : Number(row.costUsd)
  return {
    call: callView(row),
    transcript: transcript.map((turn) => ({ role: turn.speaker === 'CALLER' ? ('caller' as const) : ('assistant' as const), text: turn.text, startedAt: turn.startedAt.toISOString(), interrupted: turn.interrupted })),
    toolCalls: events.filter((event) => event.type === 'tool').map(toolCallView),
    latency: turnLatency(row.aiTurnLatenciesMs),
    summary: callSummarySchema.nullable().catch(null).parse(row.aiSummary),
    costs: { telephonyUsd, aiUsd: round(aiUsd), totalUsd: round((telephonyUsd ?? 0) + aiUsd) },
    events: events.map((event) => ({ id: event.id, type: event.type, occurredAt: event.occurredAt.toISOString(), receivedAt: event.receivedAt.toISOString(), payload: event.payload })),
    legs: legs.map(callView),
    voicemails: voicemails.map((v) => ({ id: v.id, durationSeconds: v.durationSeconds, transcription: v.transcription, transcriptionStatus: v.transcriptionStatus, listened: v.listenedAt !== null })),
    usage: usage.map((u) => ({ category: u.category, quantity: Number(u.quantity), unit: u.unit, costUsd: Number(u.costUsd) })),
    messages: messages.map(messageView),
  }
}

const round = (usd: number) => Math.round(usd * 1e6) / 1e6

/** A receptionist tool call as its event stored it (lib/receptionist/run-tool.ts). */
function toolCallView(event: { occurredAt: Date; payload: Prisma.JsonValue }) {
  const payload = (event.payload ?? {}) as { name?: string; arguments?: unknown; outcome?: unknown }
  return { name: payload.name ?? 'unknown', arguments: payload.arguments ?? null, result: payload.outcome ?? null, at: event.occurredAt.toISOString() }
}
