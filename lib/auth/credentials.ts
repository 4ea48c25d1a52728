import type { PrismaClient } from '@/lib/generated/prisma/client'
import { decoyPasswordHash, verifyPassword } from './password'
import { closeLoginAttempt, openLoginAttempt } from './login-throttle'

export interface SessionUser {
  id: string
  name: string
  email: string
  organizationId: string
  role: 'OWNER' | 'ADMIN' | 'AGENT'
  sessionVersion: number
}

export type SignInResult = { ok: true; user: SessionUser } | { ok: false; error: string }

export const WRONG_CREDENTIALS = 'Wrong email or password.'
export const UNVERIFIED_EMAIL = 'Confirm your email address first: open the link we sent you. Signing up again with the same email sends a new link.'

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase()
}

/** Checks a sign-in attempt; the message of a failure is safe to show to the person signing in. */
export async function signInWithPassword(db: PrismaClient, emailInput: string, password: string, ip: string): Promise<SignInResult> {
  const email = normalizeEmail(emailInput)
  const attempt = await openLoginAttempt(db, email, ip)
  if (!attempt.allowed) {
    const minutes = Math.ceil(attempt.retryAfterSeconds / 60)
    return { ok: false, error: `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.` }
  }
  const user = await db.user.findUnique({ where: { email } })
  const valid = await verifyPassword(password, user?.passwordHash ?? (await decoyPasswordHash()))
  await closeLoginAttempt(db, attempt, email, Boolean(user && valid))
  if (!user || !valid) return { ok: false, error: WRONG_CREDENTIALS }
  // Only the holder of the password learns that the address is not confirmed yet.
  if (!user.emailVerifiedAt) return { ok: false, error: UNVERIFIED_EMAIL }
  await db.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } })
  return {
    ok: true,
    user: { id: user.id, name: user.name, email: user.email, organizationId: user.organizationId, role: user.role, sessionVersion: user.sessionVersion },
  }
}
