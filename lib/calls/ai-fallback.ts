import type { ScopedDb } from '@/lib/tenancy/scoped-db'
import { addCallEvent } from '@/lib/telephony/webhook-events'

// When the AI receptionist cannot keep a call, two messages say so at almost the same moment: the
// media server's hand-back and Twilio's <Connect> action as the stream closes. Only one of them may
// send the caller on (to voicemail or the closed message), or the caller is greeted twice. The
// claim is one timeline event under a fixed key: the unique (callLogId, dedupeKey) index lets
// exactly one insert through, however the two interleave.

export const AI_FALLBACK_KEY = 'ai-fallback'

/** True for the first claimant of this call's AI fallback; false when the other got there first. */
export async function claimAiFallback(db: ScopedDb, callSid: string, by: 'stream-ended' | 'hand-back', reason: string): Promise<boolean> {
  const call = await db.callLog.findUnique({ where: { callSid }, select: { id: true } })
  // No row means no claim can have been taken either: go ahead.
  if (!call) return true
  return addCallEvent(db, call.id, AI_FALLBACK_KEY, 'ai-fallback', { by, reason })
}
