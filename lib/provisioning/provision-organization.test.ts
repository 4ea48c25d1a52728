import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTwilioSandbox, type TwilioSandbox } from '@/sandbox/twilio/index'
import { testPrisma } from '@/lib/db/test-database'
import { createTwilioClient } from '@/lib/telephony/twilio-client'
import { createOrganization } from '@/lib/testing/factories'
import { loadOrganizationSecrets } from './organization-secrets'
import { provisionOrganization, type ProvisioningClients } from './provision-organization'

describe('provisioning an organization’s Twilio resources', () => {
  const db = testPrisma()
  let sandbox: TwilioSandbox
  let clients: ProvisioningClients

  beforeAll(async () => {
    sandbox = await startTwilioSandbox({ port: 0 })
    clients = {
      parent: createTwilioClient({ accountSid: sandbox.accountSid, authToken: sandbox.authToken }, { sandboxBaseUrl: sandbox.baseUrl }),
      subaccount: (credentials) => createTwilioClient(credentials, { sandboxBaseUrl: sandbox.baseUrl }),
    }
  })
  afterAll(() => sandbox.close())

  const subaccountsOf = (friendlyName: string) => [...sandbox.store.accounts.values()].filter((account) => account.friendlyName === friendlyName)

  it('creates a subaccount, a TwiML app pointing at our webhooks and an API key, storing the secrets sealed', async () => {
    const { organizationId } = await createOrganization(db, 'provision')
    await provisionOrganization(db, organizationId, clients, 'https://phone.example.com')

    const organization = await db.organization.findUniqueOrThrow({ where: { id: organizationId } })
    expect(organization).toMatchObject({ provisioningStatus: 'READY', provisioningError: null })
    const subaccount = sandbox.store.accounts.get(organization.twilioAccountSid!)!
    expect(subaccount).toMatchObject({ parentSid: sandbox.accountSid, friendlyName: 'HEKAX - Org provision', status: 'active' })
    expect(sandbox.store.applications.get(organization.twimlAppSid!)).toMatchObject({
      accountSid: subaccount.sid,
      voiceUrl: 'https://phone.example.com/api/voice/incoming',
      statusCallback: 'https://phone.example.com/api/voice/status',
    })
    const key = sandbox.store.keys.get(organization.twilioApiKeySid!)!
    expect(key.accountSid).toBe(subaccount.sid)
    expect(await loadOrganizationSecrets(db, organizationId)).toEqual({ authToken: subaccount.authToken, apiKeySecret: key.secret })
    expect(JSON.stringify(organization)).not.toContain(key.secret)
    expect(JSON.stringify(organization)).not.toContain(subaccount.authToken)

    await provisionOrganization(db, organizationId, clients, 'https://phone.example.com')
    expect(subaccountsOf('HEKAX - Org provision')).toHaveLength(1)
  })

  it('records a failure for the user and resumes on retry without a second subaccount', async () => {
    const { organizationId } = await createOrganization(db, 'resume')
    const failing: ProvisioningClients = { ...clients, subaccount: ({ accountSid }) => clients.subaccount({ accountSid, authToken: 'wrong-token' }) }
    await provisionOrganization(db, organizationId, failing, 'https://phone.example.com')
    const failed = await db.organization.findUniqueOrThrow({ where: { id: organizationId } })
    expect(failed.provisioningStatus).toBe('FAILED')
    expect(failed.provisioningError).toMatch(/^Twilio provisioning failed: Authenticate/)
    expect(failed.twilioAccountSid).toMatch(/^AC[0-9a-f]{32}$/)

    await provisionOrganization(db, organizationId, clients, 'https://phone.example.com')
    const ready = await db.organization.findUniqueOrThrow({ where: { id: organizationId } })
    expect(ready).toMatchObject({ provisioningStatus: 'READY', twilioAccountSid: failed.twilioAccountSid })
    expect(subaccountsOf('HEKAX - Org resume')).toHaveLength(1)
  })
})
