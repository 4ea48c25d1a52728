import { z } from 'zod'
import { notFound } from '@/lib/http/problem'
import type { ScopedDb } from '@/lib/tenancy/scoped-db'

// A voicemail is assembled from up to three Twilio requests that arrive in any order, any number
// of times: the <Record> action, the recording status callback and the transcription callback.
// Each one inserts the row if it is missing (ON CONFLICT on the unique RecordingSid) and then
// fills in only what it knows, so the result is one voicemail whatever arrives first, twice, or
// never.

export const recordingParamsSchema = z.looseObject({
  CallSid: z.string().regex(/^CA[0-9a-f]{32}$/),
  RecordingSid: z.string().regex(/^RE[0-9a-f]{32}$/).optional(),
  RecordingUrl: z.string().optional(),
  RecordingStatus: z.string().optional(),
  RecordingDuration: z.coerce.number().int().min(0).optional(),
  ErrorCode: z.string().optional(),
  From: z.string().optional(),
  To: z.string().optional(),
})

export const transcriptionParamsSchema = z.looseObject({
  CallSid: z.string().regex(/^CA[0-9a-f]{32}$/),
  RecordingSid: z.string().regex(/^RE[0-9a-f]{32}$/),
  RecordingUrl: z.string().optional(),
  TranscriptionText: z.string().optional(),
  TranscriptionStatus: z.string().optional(),
  From: z.string().optional(),
  To: z.string().optional(),
})

interface VoicemailFacts {
  callSid: string
  recordingSid: string
  from?: string
  to?: string
  recordingUrl?: string
  recordingStatus?: string
  durationSeconds?: number
  transcription?: { text: string | undefined; status: string }
}

export async function storeVoicemail(db: ScopedDb, facts: VoicemailFacts): Promise<void> {
  const call = await db.callLog.findUnique({ where: { callSid: facts.callSid }, select: { id: true, fromNumber: true, toNumber: true, phoneNumberId: true } })
  await db.voicemail.createMany({
    data: [{
      organizationId: '', // set by the scoped client
      recordingSid: facts.recordingSid,
      callSid: facts.callSid,
      callLogId: call?.id ?? null,
      phoneNumberId: call?.phoneNumberId ?? null,
      fromNumber: call?.fromNumber ?? facts.from ?? '',
      toNumber: call?.toNumber ?? facts.to ?? '',
    }],
    skipDuplicates: true,
  })
  const where = { recordingSid: facts.recordingSid }
  const recording = {
    ...(facts.recordingUrl && { recordingUrl: facts.recordingUrl }),
    ...(facts.recordingStatus && { recordingStatus: facts.recordingStatus }),
    ...(facts.durationSeconds !== undefined && { durationSeconds: facts.durationSeconds }),
  }
  if (Object.keys(recording).length > 0) await db.voicemail.updateMany({ where, data: recording })
  if (facts.transcription) {
    const { text, status } = facts.transcription
    // A failed transcription never replaces a completed one that came first (NULL-safe: SQL's
    // NOT (x = 'completed') is not true for a NULL x).
    const guard = status === 'completed' ? where : { ...where, OR: [{ transcriptionStatus: null }, { transcriptionStatus: { not: 'completed' } }] }
    await db.voicemail.updateMany({ where: guard, data: { transcriptionStatus: status, ...(status === 'completed' && { transcription: text ?? '' }) } })
  }
}

export interface VoicemailView {
  id: string
  callId: string | null
  fromNumber: string
  toNumber: string
  receivedAt: string
  durationSeconds: number | null
  recordingSid: string
  /** Our copy of the recording (played through /api/recordings/{id}/url), once the status callback came. */
  recordingId: string | null
  transcription: string | null
  transcriptionStatus: string | null
  listened: boolean
}

export async function listVoicemails(db: ScopedDb, filter: { listened?: boolean } = {}): Promise<VoicemailView[]> {
  const rows = await db.voicemail.findMany({
    where: { OR: [{ recordingStatus: null }, { recordingStatus: { not: 'absent' } }], ...(filter.listened !== undefined && { listenedAt: filter.listened ? { not: null } : null }) },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: 200,
  })
  return rows.map(voicemailView)
}

export const voicemailPatchSchema = z.object({ listened: z.boolean() })

export async function markVoicemail(db: ScopedDb, id: string, listened: boolean): Promise<VoicemailView> {
  const { count } = await db.voicemail.updateMany({ where: { id }, data: { listenedAt: listened ? new Date() : null } })
  if (count === 0) throw notFound('No such voicemail.')
  return voicemailView(await db.voicemail.findUniqueOrThrow({ where: { id } }))
}

function voicemailView(row: Awaited<ReturnType<ScopedDb['voicemail']['findUniqueOrThrow']>>): VoicemailView {
  return {
    id: row.id,
    callId: row.callLogId,
    fromNumber: row.fromNumber,
    toNumber: row.toNumber,
    receivedAt: row.createdAt.toISOString(),
    durationSeconds: row.durationSeconds,
    recordingSid: row.recordingSid,
    recordingId: row.recordingId,
    transcription: row.transcription,
    transcriptionStatus: row.transcriptionStatus,
    listened: row.listenedAt !== null,
  }
}
