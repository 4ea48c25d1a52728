import { prisma } from '@/lib/db/client'
import { loadOrganizationSecrets } from '@/lib/provisioning/organization-secrets'

// Resolves a webhook's AccountSid (the organization's subaccount) to the organization and the
// auth token Twilio signed the request with. Tokens are kept in memory for a short while so a
// call's burst of webhooks decrypts once, and so /api/voice/fallback can still verify a
// signature while the database is down (see lib/telephony/webhook.ts).

export interface WebhookAccount {
  organizationId: string
  accountSid: string
  authToken: string
}

const TTL_MS = 10 * 60_000
const cache = new Map<string, { account: WebhookAccount; expiresAt: number }>()

export function cachedAccount(accountSid: string, nowMs = Date.now()): WebhookAccount | null {
  const hit = cache.get(accountSid)
  return hit && hit.expiresAt > nowMs ? hit.account : null
}

export async function resolveAccount(accountSid: string): Promise<WebhookAccount | null> {
  const cached = cachedAccount(accountSid)
  if (cached) return cached
  const organization = await prisma().organization.findUnique({ where: { twilioAccountSid: accountSid }, select: { id: true } })
  if (!organization) return null
  const secrets = await loadOrganizationSecrets(prisma(), organization.id)
  if (!secrets) return null
  const account = { organizationId: organization.id, accountSid, authToken: secrets.authToken }
  cache.set(accountSid, { account, expiresAt: Date.now() + TTL_MS })
  return account
}
