import type { PrismaClient } from '@/lib/generated/prisma/client'
import type { JobDefinition } from '@/lib/jobs/queue'
import { pruneStreamTokenClaims } from './media-gate'

// Claimed stream tokens matter only until they expire (60 s); hourly, the expired ones go.
export const PRUNE_STREAM_CLAIMS_QUEUE = 'prune-stream-token-claims'

export function pruneStreamClaimsJob(deps: { db: PrismaClient; cron?: string }): JobDefinition<Record<string, never>> {
  return {
    name: PRUNE_STREAM_CLAIMS_QUEUE,
    queue: { policy: 'singleton', retryLimit: 3, retryDelay: 60 },
    schedule: { cron: deps.cron ?? '17 * * * *', data: {} },
    async work() {
      await pruneStreamTokenClaims(deps.db)
    },
  }
}
