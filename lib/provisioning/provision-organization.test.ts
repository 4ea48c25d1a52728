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

  const subaccountsOf = (organizationId: string) => [...sandbox.store.accounts.values()].filter((account) => account.friendlyName.endsWith(`(${organizationId})`))

  it('creates a subaccount, a TwiML app pointing at our webhooks and an API key, storing the secrets sealed', async () => {
    const { organizationId } = await createOrganization(db, 'provision')
    expect(await provisionOrganization(db, organizationId, clients, 'https://phone.example.com')).toBe('ready')

    const organization = await db.organization.findUniqueOrThrow({ where: { id: organizationId } })
    expect(organization).toMatchObject({ provisioningStatus: 'READY', provisioningError: null })
    const subaccount = sandbox.store.accounts.get(organization.twilioAccountSid!)!
    expect(subaccount).toMatchObject({ parentSid: sandbox.accountSid, friendlyName: `HEKAX Org provision (${organizationId})`, status: 'active' })
    expect(sandbox.store.applications.get(organization.twimlAppSid!)).toMatchObject({
      accountSid: subaccount.sid,
      friendlyName: 'HEKAX Voice',
      voiceUrl: 'https://phone.example.com/api/voice/outgoing',
      voiceFallbackUrl: 'https://phone.example.com/api/voice/fallback',
      statusCallback: 'https://phone.example.com/api/voice/status',
    })
    const key = sandbox.store.keys.get(organization.twilioApiKeySid!)!
    expect(key.accountSid).toBe(subaccount.sid)
    expect(await loadOrganizationSecrets(db, organizationId)).toEqual({ authToken: subaccount.authToken, apiKeySecret: key.secret })
    expect(JSON.stringify(organization)).not.toContain(key.secret)
    expect(JSON.stringify(organization)).not.toContain(subaccount.authToken)

    await provisionOrganization(db, organizationId, clients, 'https://phone.example.com')
    expect(subaccountsOf(organizationId)).toHaveLength(1)
  })

  it('records a failure in plain words and resumes on retry from the failed step without a second subaccount', async () => {
    const { organizationId } = await createOrganization(db, 'resume')
    const failing: ProvisioningClients = { ...clients, subaccount: ({ accountSid }) => clients.subaccount({ accountSid, authToken: 'wrong-token' }) }
    expect(await provisionOrganization(db, organizationId, failing, 'https://phone.example.com')).toBe('failed')
    const failed = await db.organization.findUniqueOrThrow({ where: { id: organizationId } })
    expect(failed.provisioningStatus).toBe('FAILED')
    expect(failed).toMatchObject({ provisioningStep: 'APPLICATION', provisioningError: 'Twilio rejected our credentials. An administrator needs to check the Twilio account settings.' })
    expect(failed.twilioAccountSid).toMatch(/^AC[0-9a-f]{32}$/)

    await provisionOrganization(db, organizationId, clients, 'https://phone.example.com')
    const ready = await db.organization.findUniqueOrThrow({ where: { id: organizationId } })
    expect(ready).toMatchObject({ provisioningStatus: 'READY', twilioAccountSid: failed.twilioAccountSid })
    expect(subaccountsOf(organizationId)).toHaveLength(1)
  })
})
