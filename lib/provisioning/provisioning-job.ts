import type { PrismaClient } from '@/lib/generated/prisma/client'
import { jobs, type JobDefinition } from '@/lib/jobs/queue'
import { provisionOrganization, type ProvisioningClients } from './provision-organization'

// Provisioning runs as a pg-boss job. The queue is "stately" with the organization's id as the
// singleton key: at most one queued and one active job per organization, enforced by a unique
// index in pg-boss's tables, so a double click or two app instances never run it twice at once.

export const PROVISIONING_QUEUE = 'provision-organization'

export interface ProvisioningJobData {
  organizationId: string
}

export interface ProvisioningDependencies {
  db: PrismaClient
  clients: () => ProvisioningClients
  publicUrl: string
  /** Seconds before the first retry; doubled (with jitter) for each next one. */
  retryDelaySeconds?: number
  retryLimit?: number
}

export function provisioningJob(deps: ProvisioningDependencies): JobDefinition<ProvisioningJobData> {
  return {
    name: PROVISIONING_QUEUE,
    queue: { policy: 'stately', retryLimit: deps.retryLimit ?? 6, retryDelay: deps.retryDelaySeconds ?? 5, retryBackoff: true, expireInSeconds: 15 * 60 },
    async work(job) {
      const finalAttempt = job.retryCount >= job.retryLimit
      const outcome = await provisionOrganization(deps.db, job.data.organizationId, deps.clients(), deps.publicUrl, { finalAttempt })
      // Throwing hands the job back to pg-boss, which retries it after the backoff.
      if (outcome === 'retry') throw new Error(`provisioning ${job.data.organizationId} will be retried`)
    },
  }
}

/** Queues provisioning for an organization; a job already waiting for it is not duplicated. */
export async function enqueueProvisioning(organizationId: string): Promise<void> {
  await jobs().send(PROVISIONING_QUEUE, { organizationId } satisfies ProvisioningJobData, { singletonKey: organizationId })
}

/** Organizations still waiting whose job was never queued (the app stopped between sign-up and send). */
export async function enqueuePendingProvisioning(db: PrismaClient): Promise<number> {
  const pending = await db.organization.findMany({ where: { provisioningStatus: 'PENDING' }, select: { id: true } })
  for (const { id } of pending) await enqueueProvisioning(id)
  return pending.length
}
