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

export async function storeOrganizationSecrets(db: PrismaClient, organizationId: string, secrets: OrganizationTwilioSecrets, keys = keyRing()) {
  await db.organization.update({
    where: { id: organizationId },
    data: {
      [FIELDS.authToken]: encryptSecret(secrets.authToken, context(organizationId, 'authToken'), keys),
      [FIELDS.apiKeySecret]: encryptSecret(secrets.apiKeySecret, context(organizationId, 'apiKeySecret'), keys),
    },
  })
}

export async function loadOrganizationSecrets(db: PrismaClient, organizationId: string, keys = keyRing()): Promise<OrganizationTwilioSecrets | null> {
  const organization = await db.organization.findUnique({ where: { id: organizationId }, select: { twilioAuthTokenEnc: true, twilioApiKeySecretEnc: true } })
  if (!organization?.twilioAuthTokenEnc || !organization.twilioApiKeySecretEnc) return null
  return {
    authToken: decryptSecret(organization.twilioAuthTokenEnc, context(organizationId, 'authToken'), keys),
    apiKeySecret: decryptSecret(organization.twilioApiKeySecretEnc, context(organizationId, 'apiKeySecret'), keys),
  }
}
