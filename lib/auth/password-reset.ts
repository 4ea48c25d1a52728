import { z } from 'zod'
import type { PrismaClient } from '@/lib/generated/prisma/client'
import { badRequest } from '@/lib/http/problem'
import type { Mailer } from '@/lib/mail/mailer'
import { passwordResetMail, passwordResetNoAccountMail } from '@/lib/mail/messages'
import { normalizeEmail } from './credentials'
import { hashPassword, passwordWeakness } from './password'
import { hashLinkToken, newLinkToken } from './tokens'

export const RESET_VALID_MINUTES = 30
export const INVALID_RESET_LINK = 'This reset link has expired or was already used. Ask for a new one.'

export const resetRequestSchema = z.object({ email: z.email('Enter a valid email address.').max(254) })
export const resetPasswordSchema = z.object({ token: z.string().min(1).max(200), password: z.string() })

/** Mails a reset link, or says there is no account: the answer to the requester is the same. */
export async function requestPasswordReset(db: PrismaClient, mailer: Mailer, emailInput: string, publicUrl: string, now = new Date()): Promise<void> {
  const email = normalizeEmail(emailInput)
  const user = await db.user.findUnique({ where: { email } })
  if (!user) return mailer.send(email, passwordResetNoAccountMail({ signUpUrl: `${publicUrl}/signup` }))
  const { token, tokenHash } = newLinkToken()
  await db.userToken.create({ data: { userId: user.id, purpose: 'RESET_PASSWORD', tokenHash, expiresAt: new Date(now.getTime() + RESET_VALID_MINUTES * 60_000) } })
  await mailer.send(email, passwordResetMail({ name: user.name, url: `${publicUrl}/reset-password?token=${token}`, validMinutes: RESET_VALID_MINUTES }))
}

/**
 * Sets a new password through a reset link. The link is spent in the same transaction that
 * changes the password and raises the session version, which ends every session of the user
 * (withOrg and requireMember compare it).
 */
export async function resetPassword(db: PrismaClient, token: string, password: string, now = new Date()): Promise<{ email: string }> {
  const tokenHash = hashLinkToken(token)
  const link = await db.userToken.findUnique({ where: { tokenHash }, include: { user: true } })
  if (!link || link.purpose !== 'RESET_PASSWORD' || link.usedAt || link.expiresAt <= now) throw badRequest(INVALID_RESET_LINK)
  const weakness = passwordWeakness(password, [link.user.name, link.user.email.split('@')[0]!])
  if (weakness) throw badRequest(weakness, { password: weakness })
  const passwordHash = await hashPassword(password)
  await db.$transaction(async (tx) => {
    const spent = await tx.userToken.updateMany({ where: { tokenHash, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } })
    if (spent.count !== 1) throw badRequest(INVALID_RESET_LINK)
    await tx.user.update({ where: { id: link.userId }, data: { passwordHash, sessionVersion: { increment: 1 } } })
    // Other outstanding reset links die with the old password; so does a lockout from guessing it.
    await tx.userToken.deleteMany({ where: { userId: link.userId, purpose: 'RESET_PASSWORD', usedAt: null } })
    await tx.loginAttempt.deleteMany({ where: { email: link.user.email, succeeded: false } })
    await tx.auditLog.create({ data: { organizationId: link.user.organizationId, actorUserId: link.userId, action: 'user.password_reset', targetType: 'User', targetId: link.userId } })
  })
  return { email: link.user.email }
}
