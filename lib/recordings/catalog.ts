import { z } from 'zod'
import type { Prisma } from '@/lib/generated/prisma/client'
import type { ScopedDb } from '@/lib/tenancy/scoped-db'
import type { RecordingMember } from './access'

// The organization's recordings as its members see them, newest first, a page at a time, with
// the transcript where there is one (a voicemail's now; the AI's later). An agent sees the
// recordings of calls they handled, the same rule as playback (access.ts).

export const PAGE_SIZE = 25

export const recordingQuerySchema = z.object({
  callId: z.string().min(1).max(64).optional(),
  cursor: z.string().min(1).max(64).optional(),
  /** Words in the transcript, or part of a phone number. */
  q: z.string().trim().min(1).max(200).optional(),
})

export interface RecordingView {
  id: string
  recordingSid: string
  callId: string | null
  status: 'PENDING' | 'STORED' | 'FAILED' | 'DELETED'
  durationSeconds: number | null
  channels: number
  source: string | null
  contentType: string | null
  sizeBytes: number | null
  fromNumber: string | null
  toNumber: string | null
  agentName: string | null
  transcript: string | null
  failureReason: string | null
  createdAt: string
}

/** Recordings an agent may see: of a call they took, or whose parent leg they took. */
export function agentRecordings(userId: string): Prisma.RecordingWhereInput {
  return { callLog: { OR: [{ agentUserId: userId }, { parent: { agentUserId: userId } }] } }
}

const include = {
  callLog: { select: { fromNumber: true, toNumber: true, agent: { select: { name: true } }, parent: { select: { fromNumber: true, toNumber: true } } } },
  voicemails: { select: { transcription: true, fromNumber: true, toNumber: true }, take: 1 },
} as const

export async function listRecordings(db: ScopedDb, member: RecordingMember, query: z.infer<typeof recordingQuerySchema>): Promise<{ recordings: RecordingView[]; nextCursor: string | null }> {
  const filters: Prisma.RecordingWhereInput[] = []
  if (member.role === 'AGENT') filters.push(agentRecordings(member.id))
  if (query.callId) filters.push({ callLogId: query.callId })
  if (query.q) {
    const contains = { contains: query.q, mode: 'insensitive' as const }
    filters.push({ OR: [{ voicemails: { some: { transcription: contains } } }, { callLog: { fromNumber: contains } }, { callLog: { toNumber: contains } }] })
  }
  const rows = await db.recording.findMany({
    where: { AND: filters },
    include,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: PAGE_SIZE + 1,
    ...(query.cursor && { cursor: { id: query.cursor }, skip: 1 }),
  })
  const page = rows.slice(0, PAGE_SIZE)
  return { recordings: page.map(recordingView), nextCursor: rows.length > PAGE_SIZE ? page.at(-1)!.id : null }
}

type Row = Prisma.RecordingGetPayload<{ include: typeof include }>

function recordingView(row: Row): RecordingView {
  const voicemail = row.voicemails[0]
  // A <Dial> child leg's numbers are the dialled ones; the caller's are on the parent.
  const call = row.callLog?.parent ?? row.callLog
  return {
    id: row.id,
    recordingSid: row.recordingSid,
    callId: row.callLogId,
    status: row.status,
    durationSeconds: row.durationSeconds,
    channels: row.channels,
    source: row.source,
    contentType: row.contentType,
    sizeBytes: row.sizeBytes,
    fromNumber: call?.fromNumber ?? voicemail?.fromNumber ?? null,
    toNumber: call?.toNumber ?? voicemail?.toNumber ?? null,
    agentName: row.callLog?.agent?.name ?? null,
    transcript: voicemail?.transcription ?? null,
    failureReason: row.failureReason,
    createdAt: row.createdAt.toISOString(),
  }
}
