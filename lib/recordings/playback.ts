import { recordAudit } from '@/lib/audit/record'
import { conflict, forbidden, notFound } from '@/lib/http/problem'
import type { ObjectStore } from '@/lib/storage/object-store'
import type { ScopedDb } from '@/lib/tenancy/scoped-db'
import { mayPlayRecording, PLAYBACK_URL_SECONDS, type RecordingMember } from './access'

// Presigned playback and download links (spec: "Access: Signed URLs (15 min expiry)"). Every link
// issued and every refusal is in the audit log: who, which recording, when (the entry's time) and
// from where (the client address and user agent). A refusal is written before the 403 is
// answered, so the attempt is on record whatever happens next.

export interface RequestOrigin {
  address: string
  userAgent: string | null
}

export type LinkPurpose = 'play' | 'download'

export async function issueRecordingLink(
  db: ScopedDb,
  store: Pick<ObjectStore, 'presignGet'>,
  member: RecordingMember,
  recordingId: string,
  purpose: LinkPurpose,
  origin: RequestOrigin,
  expiresInSeconds = PLAYBACK_URL_SECONDS,
): Promise<{ url: string; expiresAt: string }> {
  const recording = await db.recording.findUnique({
    where: { id: recordingId },
    select: { id: true, recordingSid: true, status: true, s3Key: true, callLog: { select: { agentUserId: true, parent: { select: { agentUserId: true } } } } },
  })
  const refuse = async (reason: string) => recordAudit(db, { actorUserId: member.id, action: 'recording.link.refused', targetType: 'Recording', targetId: recordingId, metadata: { purpose, reason, ...origin } })
  if (!recording) {
    await refuse('no such recording')
    throw notFound('No such recording.')
  }
  if (!mayPlayRecording(member, [recording.callLog?.agentUserId ?? null, recording.callLog?.parent?.agentUserId ?? null])) {
    await refuse('not a call this member handled')
    throw forbidden('Only the agent who handled this call, or an admin, may play its recording.')
  }
  if (recording.status !== 'STORED' || !recording.s3Key) throw conflict(recording.status === 'DELETED' ? 'This recording has been deleted.' : 'This recording is not stored yet.')
  const url = await store.presignGet(recording.s3Key, expiresInSeconds, purpose === 'download' ? `${recording.recordingSid}.wav` : undefined)
  const expiresAt = new Date(Date.now() + expiresInSeconds * 1000).toISOString()
  await recordAudit(db, { actorUserId: member.id, action: purpose === 'download' ? 'recording.downloaded' : 'recording.link.issued', targetType: 'Recording', targetId: recording.id, metadata: { purpose, expiresAt, ...origin } })
  return { url, expiresAt }
}
