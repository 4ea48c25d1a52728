import { config } from '@/lib/config/env'
import type { PrismaClient } from '@/lib/generated/prisma/client'
import type { AnyJobDefinition } from '@/lib/jobs/queue'
import { createObjectStore, type ObjectStore } from '@/lib/storage/object-store'
import { organizationTwilioClient } from '@/lib/telephony/parent-client'
import { sandboxUri } from '@/lib/telephony/twilio-client'
import { retentionJob } from './retention-job'
import { startRecordingJob } from './start-recording-job'
import { sweepRecordingsJob, transferJob, type TransferJobDependencies } from './transfer-job'

// The recording jobs with the configured Twilio and S3: the app registers them
// (lib/jobs/app-jobs.ts), and the crash test runs them in a child process it can kill.

let store: ObjectStore | undefined

/** The recordings bucket: AWS, or the local S3 in sandbox mode (only the endpoint differs). */
export function recordingsStore(): ObjectStore {
  store ??= createObjectStore(config().s3)
  return store
}

/** Twilio media URLs go where every other Twilio request goes: Twilio itself, or the sandbox. */
export function twilioMediaUrl(url: string): string {
  const twilio = config().twilio
  return twilio.mode === 'sandbox' ? sandboxUri(url, twilio.sandboxUrl) : url
}

export function recordingJobs(db: PrismaClient, tuning: Pick<TransferJobDependencies, 'retryDelaySeconds' | 'retryLimit' | 'expireInSeconds'> = {}): AnyJobDefinition[] {
  const { deleteFromTwilio } = config().recordings
  return [
    transferJob({ db, store: recordingsStore, twilioClient: organizationTwilioClient, mediaUrl: twilioMediaUrl, deleteFromTwilio, ...tuning }),
    sweepRecordingsJob({ db, deleteFromTwilio }),
    retentionJob({ db, store: recordingsStore }),
    startRecordingJob({ db, twilioClient: organizationTwilioClient, publicUrl: config().publicUrl }),
  ]
}
