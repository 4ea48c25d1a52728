import type { PrismaClient } from '@/lib/generated/prisma/client'
import { hashLinkToken } from '@/lib/auth/tokens'

/**
 * Opens a sign-up's verification link: the token is spent (once, before it expires) and the
 * owner's email marked verified, in one transaction. Returns the organization to provision, or
 * null for a link that is unknown, used or expired.
 */
export async function verifyEmail(db: PrismaClient, token: string, now = new Date()): Promise<{ organizationId: string; userId: string } | null> {
  const tokenHash = hashLinkToken(token)
  return db.$transaction(async (tx) => {
    // The conditional update is the single-use check: of two concurrent openings one updates the row.
    const spent = await tx.userToken.updateMany({ where: { tokenHash, purpose: 'VERIFY_EMAIL', usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } })
    if (spent.count !== 1) return null
    const { user } = await tx.userToken.findUniqueOrThrow({ where: { tokenHash }, include: { user: true } })
    if (user.emailVerifiedAt) return null
    await tx.user.update({ where: { id: user.id }, data: { emailVerifiedAt: now } })
    await tx.auditLog.create({ data: { organizationId: user.organizationId, actorUserId: user.id, action: 'owner.email_verified', targetType: 'User', targetId: user.id } })
    return { organizationId: user.organizationId, userId: user.id }
  })
}
