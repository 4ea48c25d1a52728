import { z } from 'zod'
import { config } from '@/lib/config/env'
import { prisma } from '@/lib/db/client'
import { changeLiveCall } from '@/lib/telephony/live-call'
import { addCallEvent } from '@/lib/telephony/webhook-events'
import { scopedDb } from '@/lib/tenancy/scoped-db'
import { claimAiFallback } from './ai-fallback'

// The media server's hand-back (media-server/hand-back.ts, verified by the media-server door):
// the AI could not continue a call. The live call is redirected to voicemail through the Calls
// API and the team gets a "missed — call back" item, once per call however often it is repeated.
// A repeated hand-back, or one that loses the race with the stream-ended action, redirects nothing.

export const handBackSchema = z.object({ callSid: z.string().regex(/^CA[0-9a-f]{32}$/), streamSid: z.string().max(64), reason: z.string().max(500) })

export type HandBackResult = { status: 'unknown-call' } | { status: 'handled'; redirected: boolean }

export async function handBack(request: z.infer<typeof handBackSchema>): Promise<HandBackResult> {
  const { callSid, streamSid, reason } = request
  const found = await prisma().callLog.findUnique({ where: { callSid }, select: { id: true, organizationId: true, fromNumber: true } })
  if (!found) return { status: 'unknown-call' }
  const db = scopedDb(prisma(), found.organizationId)
  await db.callerMessage.createMany({
    data: [{ organizationId: '', callLogId: found.id, kind: 'MISSED_CALLBACK', callbackNumber: found.fromNumber, body: `Missed call — call back ${found.fromNumber}. The AI receptionist could not continue (${reason}).` }],
    skipDuplicates: true,
  })
  // Twilio's <Connect> action may already have sent the caller to voicemail (ai-fallback.ts).
  const claimed = await claimAiFallback(db, callSid, 'hand-back', reason)
  const redirected = claimed && (await redirectToVoicemail(found.organizationId, callSid))
  await addCallEvent(db, found.id, `hand-back:${streamSid}`, 'hand-back', { reason, redirected, ...(!claimed && { note: 'the stream-ended action had already sent the caller on' }) })
  return { status: 'handled', redirected }
}

/** Calls update with a new Url: Twilio stops the current TwiML and fetches ours. */
const redirectToVoicemail = (organizationId: string, callSid: string) => changeLiveCall(organizationId, callSid, { url: `${config().publicUrl}/api/voice/voicemail` })
