import type { ScopedDb } from '@/lib/tenancy/scoped-db'
import { acceptRecording, type RecordingStatusFacts } from './intake'

/** A voicemail's recording status callback: the recording is accepted like a call's, and the voicemail points at it. */
export async function acceptVoicemailRecording(db: ScopedDb, organizationId: string, facts: RecordingStatusFacts): Promise<void> {
  const recording = await acceptRecording(db, organizationId, facts)
  await db.voicemail.updateMany({ where: { recordingSid: facts.RecordingSid, recordingId: null }, data: { recordingId: recording.id } })
}
