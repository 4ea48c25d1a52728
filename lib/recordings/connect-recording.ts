import { prisma } from '@/lib/db/client'
import type { ScopedDb } from '@/lib/tenancy/scoped-db'
import { decideCallRecording } from './policy'
import { enqueueStartRecording } from './start-recording-job'

/**
 * A queued caller has just been connected to an agent: recorded from now on if the number's (or
 * else the organization's) policy records every call. Never in the caller's way: a failure to
 * queue the start is logged, and the call goes on.
 */
export async function recordConnectedCall(db: ScopedDb, organizationId: string, callSid: string): Promise<void> {
  try {
    const [organization, call] = await Promise.all([
      prisma().organization.findUniqueOrThrow({ where: { id: organizationId }, select: { recordingPolicy: true, recordingDisclosure: true } }),
      db.callLog.findUnique({ where: { callSid }, select: { phoneNumber: { select: { recordingPolicy: true } } } }),
    ])
    if (decideCallRecording(organization, call?.phoneNumber?.recordingPolicy ?? null).fromConnect) await enqueueStartRecording({ organizationId, callSid })
  } catch (error) {
    console.error(JSON.stringify({ msg: 'call recording not queued', callSid, error: String(error) }))
  }
}
