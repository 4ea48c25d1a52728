import type { PrismaClient } from '@/lib/generated/prisma/client'
import { config } from '@/lib/config/env'
import { decryptSecret, encryptSecret, parseKeyRing, type KeyRing } from '@/lib/crypto/secrets'

// The organization's Twilio credentials as the app uses them; only ciphertexts reach the database.
export interface OrganizationTwilioSecrets {
  authToken: string
  apiKeySecret: string
}

const FIELDS = { authToken: 'twilioAuthTokenEnc', apiKeySecret: 'twilioApiKeySecretEnc' } as const

const context = (organizationId: string, field: keyof OrganizationTwilioSecrets) => `organization:${organizationId}:${field}`

let ring: KeyRing | undefined
const keyRing = () => (ring ??= parseKeyRing(config().secrets.encryptionKeyRing))

/** The database columns holding these secrets, sealed, ready to merge into an update. */
export function sealedSecretColumns(organizationId: string, secrets: Partial<OrganizationTwilioSecrets>, keys = keyRing()) {
  const entries = (Object.entries(secrets) as [keyof OrganizationTwilioSecrets, string][]).map(([field, value]) => [
    FIELDS[field],
    encryptSecret(value, context(organizationId, field), keys),
  ])
  return Object.fromEntries(entries) as Partial<Record<(typeof FIELDS)[keyof OrganizationTwilioSecrets], string>>
}

export async function storeOrganizationSecrets(db: PrismaClient, organizationId: string, secrets: OrganizationTwilioSecrets, keys = keyRing()) {
  await db.organization.update({ where: { id: organizationId }, data: sealedSecretColumns(organizationId, secrets, keys) })
}

/** The subaccount's SID and auth token, once provisioning has stored them. */
export async function loadSubaccountCredentials(db: PrismaClient, organizationId: string, keys = keyRing()) {
  const organization = await db.organization.findUnique({ where: { id: organizationId }, select: { twilioAccountSid: true, twilioAuthTokenEnc: true } })
  if (!organization?.twilioAccountSid || !organization.twilioAuthTokenEnc) return null
  return { accountSid: organization.twilioAccountSid, authToken: decryptSecret(organization.twilioAuthTokenEnc, context(organizationId, 'authToken'), keys) }
}

export async function loadOrganizationSecrets(db: PrismaClient, organizationId: string, keys = keyRing()): Promise<OrganizationTwilioSecrets | null> {
  const organization = await db.organization.findUnique({ where: { id: organizationId }, select: { twilioAuthTokenEnc: true, twilioApiKeySecretEnc: true } })
  if (!organization?.twilioAuthTokenEnc || !organization.twilioApiKeySecretEnc) return null
  return {
    authToken: decryptSecret(organization.twilioAuthTokenEnc, context(organizationId, 'authToken'), keys),
    apiKeySecret: decryptSecret(organization.twilioApiKeySecretEnc, context(organizationId, 'apiKeySecret'), keys),
  }
}
