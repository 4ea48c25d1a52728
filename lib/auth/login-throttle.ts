import type { Prisma, PrismaClient } from '@/lib/generated/prisma/client'
import { lockKeys } from '@/lib/db/advisory-lock'

// Failed sign-ins are counted per email (guessing one account's password) and per client
// address (trying many accounts) over a sliding window; both live in the database so every
// app instance enforces the same limit.
//
// Every attempt is counted and written as a failure before the password is hashed, in one
// transaction under advisory locks on its email and address, so parallel guesses are checked
// one after another and no more than the limit reach the hash. A correct password turns its row
// into a success and clears the email's failure streak.
export const LOGIN_WINDOW_MS = 15 * 60 * 1000
export const MAX_FAILURES_PER_EMAIL = 5
export const MAX_FAILURES_PER_IP = 30

export interface ThrottleVerdict {
  allowed: boolean
  retryAfterSeconds: number
}

export interface OpenAttempt extends ThrottleVerdict {
  id: string
}

export async function openLoginAttempt(db: PrismaClient, email: string, ip: string, now = new Date()): Promise<OpenAttempt> {
  return db.$transaction(async (tx) => {
    await lockKeys(tx, [`login:email:${email}`, `login:ip:${ip}`])
    const verdict = await countFailures(tx, email, ip, now, 1)
    const attempt = await tx.loginAttempt.create({ data: { email, ip, succeeded: false, createdAt: now }, select: { id: true } })
    return { id: attempt.id, ...verdict }
  })
}

export async function closeLoginAttempt(db: PrismaClient, attempt: OpenAttempt, email: string, succeeded: boolean): Promise<void> {
  if (!succeeded) return
  // A success clears the email's failure streak, so a user who finally remembers is not locked out later.
  await db.$transaction([
    db.loginAttempt.update({ where: { id: attempt.id }, data: { succeeded: true } }),
    db.loginAttempt.deleteMany({ where: { email, succeeded: false } }),
  ])
}

/** Whether one more attempt would be allowed now (without recording one). */
export async function checkLoginThrottle(db: PrismaClient, email: string, ip: string, now = new Date()): Promise<ThrottleVerdict> {
  return countFailures(db, email, ip, now, 1)
}

async function countFailures(db: Prisma.TransactionClient, email: string, ip: string, now: Date, pending = 0): Promise<ThrottleVerdict> {
  const since = new Date(now.getTime() - LOGIN_WINDOW_MS)
  const [byEmail, byIp] = await Promise.all([
    db.loginAttempt.findMany({ where: { email, succeeded: false, createdAt: { gt: since } }, orderBy: { createdAt: 'asc' }, select: { createdAt: true } }),
    db.loginAttempt.findMany({ where: { ip, succeeded: false, createdAt: { gt: since } }, orderBy: { createdAt: 'asc' }, select: { createdAt: true } }),
  ])
  // Over the limit, a later attempt (one more row) may go ahead once the oldest failures down to
  // index length - limit have left the window.
  const retryAfter = (failures: { createdAt: Date }[], limit: number) =>
    failures.length + pending <= limit ? 0 : Math.max(1, Math.ceil((failures[failures.length - limit]!.createdAt.getTime() + LOGIN_WINDOW_MS - now.getTime()) / 1000))
  const retryAfterSeconds = Math.max(retryAfter(byEmail, MAX_FAILURES_PER_EMAIL), retryAfter(byIp, MAX_FAILURES_PER_IP))
  return { allowed: retryAfterSeconds === 0, retryAfterSeconds }
}
