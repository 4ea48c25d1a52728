import { z } from 'zod'
import type { PrismaClient } from '@/lib/generated/prisma/client'
import { recordAudit } from '@/lib/audit/record'
import { conflict, forbidden, notFound } from '@/lib/http/problem'
import { loadOrganizationSecrets } from '@/lib/provisioning/organization-secrets'
import type { ScopedDb } from '@/lib/tenancy/scoped-db'
import type { TwilioClient, TwilioCredentials } from '@/lib/telephony/twilio-client'
import { mayPlayRecording, type RecordingMember } from './access'
import { controlCallRecording } from './live-recording'
import { decideCallRecording } from './policy'

// On-demand recording from the softphone: start, pause, resume or stop the recording of a live
// call. The member must be allowed to hear the call's recording (access.ts), and the number's
// policy must not be NONE. Whether the call is live is Twilio's to say. Each action is audited.

export const recordingControlSchema = z.object({ action: z.enum(['start', 'pause', 'resume', 'stop']) })

export async function controlRecording(
  deps: { db: PrismaClient; scoped: ScopedDb; twilioClient(credentials: TwilioCredentials): TwilioClient; publicUrl: string },
  organizationId: string,
  member: RecordingMember,
  callId: string,
  action: z.infer<typeof recordingControlSchema>['action'],
): Promise<{ status: string }> {
  const call = await deps.scoped.callLog.findUnique({ where: { id: callId }, select: { callSid: true, agentUserId: true, parent: { select: { agentUserId: true } }, phoneNumber: { select: { recordingPolicy: true } } } })
  if (!call) throw notFound('No such call.')
  if (!mayPlayRecording(member, [call.agentUserId, call.parent?.agentUserId ?? null])) throw forbidden('Only the agent on this call, or an admin, may record it.')
  const organization = await deps.db.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { twilioAccountSid: true, recordingPolicy: true, recordingDisclosure: true } })
  if (decideCallRecording(organization, call.phoneNumber?.recordingPolicy ?? null).policy === 'NONE') throw conflict('Calls to this number are not recorded.')
  const secrets = await loadOrganizationSecrets(deps.db, organizationId)
  if (!organization.twilioAccountSid || !secrets) throw conflict('The organization is not connected to Twilio yet.')
  const twilio = deps.twilioClient({ accountSid: organization.twilioAccountSid, authToken: secrets.authToken })
  // Twilio knows whether the call is live (our log may not have heard yet): its refusal is a 409.
  const status = await controlCallRecording(twilio, call.callSid, action, deps.publicUrl).catch((error: { status?: number; message?: string }) => {
    if (error.status === 400 || error.status === 404) throw conflict(action === 'start' ? 'The call is not in progress.' : 'No recording is running on this call.')
    throw error
  })
  if (status === 'not-live') throw conflict('The call is not in progress.')
  await recordAudit(deps.scoped, { actorUserId: member.id, action: `recording.${action}`, targetType: 'CallLog', targetId: callId, metadata: { status } })
  return { status }
}
