import type { PrismaClient } from '@/lib/generated/prisma/client'
import { loadOrganizationSecrets } from '@/lib/provisioning/organization-secrets'
import { isUniqueViolation } from '@/lib/accounts/signup'
import type { StreamTokenClaim } from './stream-token'

// What the media server asks the app before it lets a Media Stream open an AI session
// (README, "The media server"): whose auth token signs the stream's WebSocket upgrade, and
// whether this stream token has been used before.

export type ClaimVerdict = 'claimed' | 'replayed' | 'expired'

/** Records a stream token's first use; a second use of the same token is a replay. */
export async function claimStreamToken(db: PrismaClient, claim: StreamTokenClaim, nowMs = Date.now()): Promise<ClaimVerdict> {
  if (claim.expiresAt <= nowMs) return 'expired'
  try {
    await db.streamTokenClaim.create({ data: { jti: claim.jti, callSid: claim.callSid, expiresAt: new Date(claim.expiresAt) } })
    return 'claimed'
  } catch (error) {
    if (isUniqueViolation(error)) return 'replayed'
    throw error
  }
}

/** The auth token of the organization that owns this Twilio subaccount, or null. */
export async function subaccountAuthToken(db: PrismaClient, accountSid: string): Promise<string | null> {
  const organization = await db.organization.findUnique({ where: { twilioAccountSid: accountSid }, select: { id: true } })
  if (!organization) return null
  return (await loadOrganizationSecrets(db, organization.id))?.authToken ?? null
}

/** Claims that expired are no use to anyone; a scheduled job removes them. */
export async function pruneStreamTokenClaims(db: PrismaClient, nowMs = Date.now()): Promise<number> {
  return (await db.streamTokenClaim.deleteMany({ where: { expiresAt: { lt: new Date(nowMs) } } })).count
}
