import type { PrismaClient } from '@/lib/generated/prisma/client'
import { LOGIN_WINDOW_MS } from './login-throttle'
import { RATE_LIMIT_WINDOW_MS } from './anonymous-limits'

/**
 * Deletes what the limits and links no longer need: sign-in attempts and rate-limit hits older
 * than their windows, expired single-use links and expired unaccepted invitations. Meant to run
 * on a schedule (the job queue); idempotent, so a retry or an overlapping run does no harm.
 */
export async function pruneAuthRecords(db: PrismaClient, now = new Date()) {
  const [loginAttempts, rateLimitHits, userTokens, invitations] = await db.$transaction([
    db.loginAttempt.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - LOGIN_WINDOW_MS) } } }),
    db.rateLimitHit.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - RATE_LIMIT_WINDOW_MS) } } }),
    db.userToken.deleteMany({ where: { expiresAt: { lt: now } } }),
    db.invitation.deleteMany({ where: { acceptedAt: null, expiresAt: { lt: now } } }),
  ])
  return { loginAttempts: loginAttempts.count, rateLimitHits: rateLimitHits.count, userTokens: userTokens.count, invitations: invitations.count }
}
