import type { PrismaClient } from '@/lib/generated/prisma/client'
import { decoyPasswordHash, verifyPassword } from './password'
import { checkLoginThrottle, recordLoginAttempt } from './login-throttle'

export interface SessionUser {
  id: string
  name: string
  email: string
  organizationId: string
  role: 'OWNER' | 'ADMIN' | 'AGENT'
}

export type SignInResult = { ok: true; user: SessionUser } | { ok: false; error: string }

export const WRONG_CREDENTIALS = 'Wrong email or password.'

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase()
}

/** Checks a sign-in attempt; the message of a failure is safe to show to the person signing in. */
export async function signInWithPassword(db: PrismaClient, emailInput: string, password: string, ip: string): Promise<SignInResult> {
  const email = normalizeEmail(emailInput)
  const throttle = await checkLoginThrottle(db, email, ip)
  if (!throttle.allowed) {
    const minutes = Math.ceil(throttle.retryAfterSeconds / 60)
    return { ok: false, error: `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.` }
  }
  const user = await db.user.findUnique({ where: { email } })
  const valid = await verifyPassword(password, user?.passwordHash ?? (await decoyPasswordHash()))
  await recordLoginAttempt(db, email, ip, Boolean(user && valid))
  if (!user || !valid) return { ok: false, error: WRONG_CREDENTIALS }
  await db.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } })
  return { ok: true, user: { id: user.id, name: user.name, email: user.email, organizationId: user.organizationId, role: user.role } }
}
