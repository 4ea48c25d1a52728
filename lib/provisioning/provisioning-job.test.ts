import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { TwilioSandbox } from '@/sandbox/twilio/index'
import type { Fault } from '@/sandbox/twilio/faults'
import { testPrisma } from '@/lib/db/test-database'
import { createOrganization } from '@/lib/testing/factories'
import { eventually, startSandboxClients, startTestJobs } from '@/lib/testing/jobs'
import { enqueueProvisioning, provisioningJob } from './provisioning-job'
import type { ProvisioningClients } from './provision-organization'

// The provisioning job on the real queue (pg-boss on the test database) against the sandbox.
describe('provisioning as a durable job', () => {
  const db = testPrisma()
  const publicUrl = 'https://phone.example.com'
  let sandbox: TwilioSandbox
  let clients: ProvisioningClients
  let startAnotherInstance: () => Promise<unknown>

  beforeAll(async () => {
    ;({ sandbox, clients } = await startSandboxClients())
    ;({ startAnotherInstance } = await startTestJobs([provisioningJob({ db, publicUrl, clients: () => clients, retryDelaySeconds: 1, retryLimit: 2 })]))
  })
  beforeEach(() => sandbox.faults.clear())

  const settled = (organizationId: string) =>
    eventually(async () => {
      const organization = await db.organization.findUniqueOrThrow({ where: { id: organizationId } })
      return organization.provisioningStatus !== 'PENDING' && organization
    }, 'provisioning to settle')

  /** What the organization has at the sandbox: subaccounts by its name, and apps and keys in them. */
  function resourcesOf(organizationId: string) {
    const subaccounts = [...sandbox.store.accounts.values()].filter((account) => account.friendlyName.endsWith(`(${organizationId})`) && account.status !== 'closed')
    const sids = new Set(subaccounts.map((account) => account.sid))
    return {
      subaccounts,
      applications: [...sandbox.store.applications.values()].filter((app) => sids.has(app.accountSid)),
      keys: [...sandbox.store.keys.values()].filter((key) => sids.has(key.accountSid)),
    }
  }

  async function expectExactlyOneOfEach(organizationId: string) {
    const organization = await settled(organizationId)
    expect(organization).toMatchObject({ provisioningStatus: 'READY', provisioningStep: 'DONE', provisioningError: null })
    const { subaccounts, applications, keys } = resourcesOf(organizationId)
    expect(subaccounts.map((account) => account.sid)).toEqual([organization.twilioAccountSid])
    expect(applications.map((app) => app.sid)).toEqual([organization.twimlAppSid])
    expect(keys.map((key) => key.sid)).toEqual([organization.twilioApiKeySid])
    expect(applications[0]).toMatchObject({
      voiceUrl: `${publicUrl}/api/voice/outgoing`,
      voiceFallbackUrl: `${publicUrl}/api/voice/fallback`,
      statusCallback: `${publicUrl}/api/voice/status`,
    })
    return organization
  }

  const steps: [string, Fault['path']][] = [
    ['creating the subaccount', /\/Accounts\.json$/],
    ['creating the TwiML app', /\/Applications\.json$/],
    ['creating the API key', /\/Keys\.json$/],
  ]
  for (const [step, path] of steps) {
    it(`recovers from Twilio failing while ${step}, with one subaccount, app and key`, async () => {
      sandbox.faults.add({ method: 'POST', path, kind: 'error', status: 503, code: 20503, message: 'Service Unavailable' })
      const { organizationId } = await createOrganization(db, `fail-${step.split(' ').at(-1)}`)
      await enqueueProvisioning(organizationId)
      await expectExactlyOneOfEach(organizationId)
      const events = await db.organizationEvent.findMany({ where: { organizationId }, orderBy: { createdAt: 'asc' } })
      expect(events.find((event) => event.type === 'provisioning.failed')).toMatchObject({ message: 'Service Unavailable', detail: expect.objectContaining({ code: 20503, status: 503, willRetry: true }) })
    })

    it(`adopts what Twilio made when the answer to ${step} was lost (a crash between create and save)`, async () => {
      sandbox.faults.add({ method: 'POST', path, kind: 'drop-after' })
      const { organizationId } = await createOrganization(db, `crash-${step.split(' ').at(-1)}`)
      await enqueueProvisioning(organizationId)
      await expectExactlyOneOfEach(organizationId)
      const types = (await db.organizationEvent.findMany({ where: { organizationId } })).map((event) => event.type)
      expect(types).toContain('provisioning.failed')
      // Subaccounts and apps are adopted; a key's secret is only shown once, so the lost key is deleted.
      expect(types).toContain(path.source.includes('Keys') ? 'provisioning.api_key_orphan_removed' : path.source.includes('Applications') ? 'provisioning.application_adopted' : 'provisioning.subaccount_adopted')
    })
  }

  it('runs once when two app instances are asked at the same moment', async () => {
    const other = (await startAnotherInstance()) as { send: (...args: unknown[]) => Promise<string | null>; stop: (options: object) => Promise<void> }
    try {
      const { organizationId } = await createOrganization(db, 'twice')
      const sent = await Promise.all([enqueueProvisioning(organizationId), other.send('provision-organization', { organizationId }, { singletonKey: organizationId }), enqueueProvisioning(organizationId)])
      expect(sent).toHaveLength(3)
      await expectExactlyOneOfEach(organizationId)
    } finally {
      await other.stop({ graceful: true, wait: true })
    }
  })

  it('stops retrying when Twilio rejects the credentials and says so in plain words; the raw answer is in the history', async () => {
    sandbox.faults.add({ method: 'POST', path: /\/Accounts\.json$/, kind: 'error', status: 401, code: 20003, message: 'Authenticate' })
    const { organizationId } = await createOrganization(db, 'rejected')
    await enqueueProvisioning(organizationId)
    const failed = await settled(organizationId)
    expect(failed).toMatchObject({ provisioningStatus: 'FAILED', provisioningStep: 'SUBACCOUNT', twilioAccountSid: null })
    expect(failed.provisioningError).toBe('Twilio rejected our credentials. An administrator needs to check the Twilio account settings.')
    const [event] = await db.organizationEvent.findMany({ where: { organizationId, type: 'provisioning.failed' } })
    expect(event).toMatchObject({ message: 'Authenticate', detail: expect.objectContaining({ code: 20003, willRetry: false }) })
  })

  it('gives up after its retries when Twilio never answers, asking for a Retry', async () => {
    sandbox.faults.add({ method: 'POST', path: /\/Accounts\.json$/, kind: 'drop-before', times: 50 })
    const { organizationId } = await createOrganization(db, 'silent')
    await enqueueProvisioning(organizationId)
    const failed = await settled(organizationId)
    expect(failed.provisioningStatus).toBe('FAILED')
    expect(failed.provisioningError).toBe('Twilio did not answer in time. Press Retry to try again.')
    expect(await db.organizationEvent.count({ where: { organizationId, type: 'provisioning.failed' } })).toBe(3)
  })
})
