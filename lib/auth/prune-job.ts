import type { PrismaClient } from '@/lib/generated/prisma/client'
import type { JobDefinition } from '@/lib/jobs/queue'
import { pruneAuthRecords } from './prune'

// Sign-in attempts and rate-limit hits matter only within their windows (15 minutes, an hour),
// links and invitations until they expire; hourly, the rest go.
export const PRUNE_AUTH_RECORDS_QUEUE = 'prune-auth-records'

export function pruneAuthRecordsJob(deps: { db: PrismaClient; cron?: string }): JobDefinition<Record<string, never>> {
  return {
    name: PRUNE_AUTH_RECORDS_QUEUE,
    queue: { policy: 'singleton', retryLimit: 3, retryDelay: 60 },
    schedule: { cron: deps.cron ?? '23 * * * *', data: {} },
    async work() {
      await pruneAuthRecords(deps.db)
    },
  }
}
