import type { PrismaClient } from '@/lib/generated/prisma/client'
import type { TwilioClient } from '@/lib/telephony/twilio-client'
import { sealedSecretColumns } from './organization-secrets'

// Gives an organization its own Twilio subaccount, TwiML App (our voice webhooks) and API key
// (for softphone access tokens). Each resource is saved as soon as it exists, so a retry after a
// failure resumes where it stopped instead of creating a second subaccount.

export interface ProvisioningClients {
  parent: TwilioClient
  subaccount(credentials: { accountSid: string; authToken: string }): TwilioClient
}

export async function provisionOrganization(db: PrismaClient, organizationId: string, clients: ProvisioningClients, publicUrl: string): Promise<void> {
  let organization = await db.organization.findUniqueOrThrow({ where: { id: organizationId } })
  if (organization.provisioningStatus === 'READY') return
  const save = async (data: Parameters<PrismaClient['organization']['update']>[0]['data']) =>
    (organization = await db.organization.update({ where: { id: organizationId }, data }))
  try {
    let authToken: string
    if (!organization.twilioAccountSid) {
      const account = await clients.parent.api.v2010.accounts.create({ friendlyName: `HEKAX - ${organization.name}` })
      authToken = account.authToken
      await save({ twilioAccountSid: account.sid, ...sealedSecretColumns(organizationId, { authToken }) })
    } else {
      authToken = (await clients.parent.api.v2010.accounts(organization.twilioAccountSid).fetch()).authToken
    }
    const subaccount = clients.subaccount({ accountSid: organization.twilioAccountSid!, authToken })
    if (!organization.twimlAppSid) {
      const app = await subaccount.applications.create({
        friendlyName: `${organization.name} - Voice`,
        voiceUrl: `${publicUrl}/api/voice/incoming`,
        voiceMethod: 'POST',
        // Used when the voice URL fails or answers invalid TwiML: static TwiML, no database.
        voiceFallbackUrl: `${publicUrl}/api/voice/fallback`,
        voiceFallbackMethod: 'POST',
        statusCallback: `${publicUrl}/api/voice/status`,
        statusCallbackMethod: 'POST',
      })
      await save({ twimlAppSid: app.sid })
    }
    if (!organization.twilioApiKeySid) {
      // The secret is returned only now; it is sealed before it is stored.
      const key = await subaccount.newKeys.create({ friendlyName: `${organization.name} - Softphone` })
      await save({ twilioApiKeySid: key.sid, ...sealedSecretColumns(organizationId, { apiKeySecret: key.secret }) })
    }
    await save({ provisioningStatus: 'READY', provisioningError: null })
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    await save({ provisioningStatus: 'FAILED', provisioningError: `Twilio provisioning failed: ${message}` })
  }
}
