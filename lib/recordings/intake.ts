import { z } from 'zod'
import type { ScopedDb } from '@/lib/tenancy/scoped-db'
import { enqueueTransfer } from './transfer-job'

// A recording Twilio announces (the recording status callback of a call or a voicemail) becomes
// one Recording row, whatever order or number of times the callbacks arrive: the row is inserted
// if missing (ON CONFLICT on the unique RecordingSid), a completed recording is handed to the
// transfer job (one job per RecordingSid), an absent one is marked FAILED with Twilio's reason.
// A recording of a call we have no log of is kept all the same (never a lost recording), and said.

export const recordingStatusSchema = z.looseObject({
  CallSid: z.string().regex(/^CA[0-9a-f]{32}$/),
  RecordingSid: z.string().regex(/^RE[0-9a-f]{32}$/),
  RecordingStatus: z.string(),
  RecordingChannels: z.coerce.number().int().min(1).max(2).optional(),
  RecordingSource: z.string().optional(),
  ErrorCode: z.string().optional(),
})

export type RecordingStatusFacts = Pick<z.infer<typeof recordingStatusSchema>, 'CallSid' | 'RecordingSid' | 'RecordingStatus' | 'RecordingChannels' | 'RecordingSource' | 'ErrorCode'>

export async function acceptRecording(db: ScopedDb, organizationId: string, facts: RecordingStatusFacts): Promise<{ id: string; knownCall: boolean }> {
  const call = await db.callLog.findUnique({ where: { callSid: facts.CallSid }, select: { id: true } })
  if (!call) console.warn(JSON.stringify({ msg: 'recording for a call not in the log; kept without a call', callSid: facts.CallSid, recordingSid: facts.RecordingSid }))
  await db.recording.createMany({
    data: [{ organizationId: '', recordingSid: facts.RecordingSid, callSid: facts.CallSid, callLogId: call?.id ?? null, source: facts.RecordingSource ?? null, channels: facts.RecordingChannels ?? 1 }],
    skipDuplicates: true,
  })
  const row = await db.recording.findUniqueOrThrow({ where: { recordingSid: facts.RecordingSid }, select: { id: true } })
  if (facts.RecordingStatus === 'absent') {
    const failureReason = `Twilio reports the recording absent${facts.ErrorCode && facts.ErrorCode !== '0' ? ` (error ${facts.ErrorCode})` : ''}`
    await db.recording.updateMany({ where: { id: row.id, status: 'PENDING' }, data: { status: 'FAILED', failureReason } })
  } else if (facts.RecordingStatus === 'completed') {
    await enqueueTransfer({ organizationId, recordingSid: facts.RecordingSid })
  }
  return { id: row.id, knownCall: Boolean(call) }
}
