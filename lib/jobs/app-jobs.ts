import { pruneAuthRecordsJob } from '@/lib/auth/prune-job'
import { callPriceJob } from '@/lib/calls/call-price'
import { config } from '@/lib/config/env'
import { prisma } from '@/lib/db/client'
import { reconcileJob } from '@/lib/numbers/reconcile-job'
import { appNumberServices } from '@/lib/numbers/twilio-access'
import { enqueuePendingProvisioning, provisioningJob } from '@/lib/provisioning/provisioning-job'
import { organizationTwilioClient, parentTwilioClient } from '@/lib/telephony/parent-client'
import { recordingJobs } from '@/lib/recordings/recording-jobs'
import { enqueuePendingTransfers } from '@/lib/recordings/transfer-job'
import { callSummaryJob, enqueuePendingSummaries } from '@/lib/receptionist/call-summary'
import { openaiClient } from '@/lib/ai/openai-client'
import { pruneStreamClaimsJob } from '@/lib/telephony/prune-stream-claims-job'
import { startJobs } from './queue'

// Every job the app runs, with production dependencies. Started once per app process from
// instrumentation.ts, so `npm run dev`, `npm start` and the e2e stack all run jobs.
export async function startAppJobs(): Promise<void> {
  const db = prisma()
  const { publicUrl } = config()
  await startJobs({ connectionString: process.env.DATABASE_URL! }, [
    provisioningJob({ db, publicUrl, clients: () => ({ parent: parentTwilioClient(), subaccount: organizationTwilioClient }) }),
    reconcileJob({ db, services: appNumberServices }),
    pruneStreamClaimsJob({ db }),
    pruneAuthRecordsJob({ db }),
    callPriceJob({ db }),
    callSummaryJob({ db, openai: openaiClient, model: config().openai.summaryModel }),
    ...recordingJobs(db),
  ])
  // A sign-up whose job was never queued (the process stopped in between) is picked up here.
  await enqueuePendingProvisioning(db)
  // Likewise a recording whose transfer was lost with a crashed process.
  await enqueuePendingTransfers(db, config().recordings.deleteFromTwilio)
  // And a call summary.
  await enqueuePendingSummaries(db)
}
