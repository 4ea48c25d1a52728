import type { PrismaClient } from '@/lib/generated/prisma/client'
import { jobs, type JobDefinition } from '@/lib/jobs/queue'
import { reconcileNumbers } from './reconcile'
import type { NumberServices } from './twilio-access'

// The scheduled reconcile: every 15 minutes a job without an organization fans out one job per
// ready organization (stately per organization, so runs never pile up or overlap).

export const RECONCILE_QUEUE = 'reconcile-numbers'

export interface ReconcileJobData {
  organizationId?: string
}

export function reconcileJob(deps: { db: PrismaClient; services: () => NumberServices; cron?: string }): JobDefinition<ReconcileJobData> {
  return {
    name: RECONCILE_QUEUE,
    queue: { policy: 'stately', retryLimit: 3, retryDelay: 30, retryBackoff: true },
    schedule: { cron: deps.cron ?? '*/15 * * * *', data: {} },
    async work(job) {
      if (job.data.organizationId) {
        await reconcileNumbers(deps.db, job.data.organizationId, deps.services())
        return
      }
      const ready = await deps.db.organization.findMany({ where: { provisioningStatus: 'READY' }, select: { id: true } })
      for (const { id } of ready) await enqueueReconcile(id)
    },
  }
}

export async function enqueueReconcile(organizationId: string): Promise<void> {
  await jobs().send(RECONCILE_QUEUE, { organizationId } satisfies ReconcileJobData, { singletonKey: organizationId })
}
