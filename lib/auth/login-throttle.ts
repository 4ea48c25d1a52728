import type { PrismaClient } from '@/lib/generated/prisma/client'

// Failed sign-ins are counted per email (guessing one account's password) and per client
// address (trying many accounts) over a sliding window; both live in the database so every
// app instance enforces the same limit.
export const LOGIN_WINDOW_MS = 15 * 60 * 1000
export const MAX_FAILURES_PER_EMAIL = 5
export const MAX_FAILURES_PER_IP = 30

export interface ThrottleVerdict {
  allowed: boolean
  retryAfterSeconds: number
}

export async function checkLoginThrottle(db: PrismaClient, email: string, ip: string, now = new Date()): Promise<ThrottleVerdict> {
  const since = new Date(now.getTime() - LOGIN_WINDOW_MS)
  const [byEmail, byIp] = await Promise.all([
    db.loginAttempt.findMany({ where: { email, succeeded: false, createdAt: { gt: since } }, orderBy: { createdAt: 'asc' }, select: { createdAt: true } }),
    db.loginAttempt.findMany({ where: { ip, succeeded: false, createdAt: { gt: since } }, orderBy: { createdAt: 'asc' }, select: { createdAt: true } }),
  ])
  const retryAfter = (failures: { createdAt: Date }[], limit: number) =>
    failures.length < limit ? 0 : Math.ceil((failures[failures.length - limit]!.createdAt.getTime() + LOGIN_WINDOW_MS - now.getTime()) / 1000)
  const retryAfterSeconds = Math.max(retryAfter(byEmail, MAX_FAILURES_PER_EMAIL), retryAfter(byIp, MAX_FAILURES_PER_IP))
  return { allowed: retryAfterSeconds === 0, retryAfterSeconds }
}

export async function recordLoginAttempt(db: PrismaClient, email: string, ip: string, succeeded: boolean): Promise<void> {
  await db.loginAttempt.create({ data: { email, ip, succeeded } })
  // A success clears the email's failure streak, so a user who finally remembers is not locked out later.
  if (succeeded) await db.loginAttempt.deleteMany({ where: { email, succeeded: false } })
}
