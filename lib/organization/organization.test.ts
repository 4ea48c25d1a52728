import { beforeAll, describe, expect, it } from 'vitest'
import type { TwilioSandbox } from '@/sandbox/twilio/index'
import { testPrisma } from '@/lib/db/test-database'
import { enqueueProvisioning } from '@/lib/provisioning/provisioning-job'
import { scopedDb } from '@/lib/tenancy/scoped-db'
import { createOrganization } from '@/lib/testing/factories'
import { eventually, startProvisioningAgainstSandbox } from '@/lib/testing/jobs'
import { organizationSummary, retryProvisioning } from './organization'

describe('the organization’s set-up state', () => {
  const db = testPrisma()
  let sandbox: TwilioSandbox

  beforeAll(async () => {
    ;({ sandbox } = await startProvisioningAgainstSandbox(db))
  })

  const statusOf = (organizationId: string, wanted: string) =>
    eventually(async () => (await organizationSummary(db, organizationId)).provisioningStatus === wanted, `status ${wanted}`)

  it('retries a failed set-up from the failed step, audited, and refuses once it is ready', async () => {
    const { organizationId, ownerId } = await createOrganization(db, 'retry')
    sandbox.faults.add({ method: 'POST', path: /\/Applications\.json$/, kind: 'error', status: 401, code: 20003, message: 'Authenticate' })
    await enqueueProvisioning(organizationId)
    await statusOf(organizationId, 'FAILED')
    const failed = await organizationSummary(db, organizationId)
    expect(failed).toMatchObject({ provisioningStep: 'APPLICATION', provisioningError: expect.stringMatching(/^Twilio rejected our credentials/), plan: { name: 'Starter', numberLimit: 3, numbersInUse: 0 } })
    const subaccount = (await db.organization.findUniqueOrThrow({ where: { id: organizationId } })).twilioAccountSid

    const scoped = scopedDb(db, organizationId)
    const retried = await retryProvisioning(db, scoped, ownerId, organizationId)
    expect(retried.provisioningStatus).toBe('PENDING')
    await statusOf(organizationId, 'READY')
    expect((await db.organization.findUniqueOrThrow({ where: { id: organizationId } })).twilioAccountSid).toBe(subaccount)
    const [audit] = await scoped.auditLog.findMany({ where: { action: 'provisioning.retried' } })
    expect(audit).toMatchObject({ actorUserId: ownerId, metadata: { before: { provisioningStatus: 'FAILED', provisioningStep: 'APPLICATION' }, after: { provisioningStatus: 'PENDING' } } })

    await expect(retryProvisioning(db, scoped, ownerId, organizationId)).rejects.toMatchObject({ status: 409 })
  })
})
