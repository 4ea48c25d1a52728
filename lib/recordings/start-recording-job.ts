import type { PrismaClient } from '@/lib/generated/prisma/client'
import { jobs, jobsRunning, type JobDefinition } from '@/lib/jobs/queue'
import { loadOrganizationSecrets } from '@/lib/provisioning/organization-secrets'
import type { TwilioClient, TwilioCredentials } from '@/lib/telephony/twilio-client'
import { startCallRecording } from './live-recording'

// Calls that are recorded from their connection but have no <Dial record> to do it — the AI
// receptionist's <Connect><Stream>, a queued caller picked up by an agent — are recorded through
// the Call Recordings API once connected. The webhook that connects them queues this job (the
// call only counts as in progress at Twilio after our TwiML answer); while Twilio still says the
// call is not in progress the job retries, and a call that ended first is left alone.

export const START_RECORDING_QUEUE = 'start-call-recording'

export interface StartRecordingData {
  organizationId: string
  callSid: string
}

export interface StartRecordingDependencies {
  db: PrismaClient
  twilioClient(credentials: TwilioCredentials): TwilioClient
  publicUrl: string
}

export function startRecordingJob(deps: StartRecordingDependencies): JobDefinition<StartRecordingData> {
  return {
    name: START_RECORDING_QUEUE,
    queue: { policy: 'short', retryLimit: 5, retryDelay: 1, retryBackoff: true, expireInSeconds: 60 },
    async work(job) {
      const { organizationId, callSid } = job.data
      const organization = await deps.db.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { twilioAccountSid: true } })
      const secrets = await loadOrganizationSecrets(deps.db, organizationId)
      if (!organization.twilioAccountSid || !secrets) throw new Error(`organization ${organizationId} has no Twilio credentials yet`)
      const twilio = deps.twilioClient({ accountSid: organization.twilioAccountSid, authToken: secrets.authToken })
      const outcome = await startCallRecording(twilio, callSid, deps.publicUrl)
      if (outcome !== 'not-live') return
      const call = await twilio.calls(callSid).fetch()
      if (['queued', 'ringing'].includes(call.status)) throw new Error(`call ${callSid} is ${call.status}; its recording starts once it is connected`)
    },
  }
}

/** Queues the start of a call's recording (one per call at a time). */
export async function enqueueStartRecording(data: StartRecordingData): Promise<void> {
  if (!jobsRunning()) return console.warn(JSON.stringify({ msg: 'call recording not started: no job queue in this process', callSid: data.callSid }))
  await jobs().send(START_RECORDING_QUEUE, data satisfies StartRecordingData, { singletonKey: data.callSid })
}
