import type { PrismaClient } from '@/lib/generated/prisma/client'
import { lockKeys } from '@/lib/db/advisory-lock'

// Sliding-window limits for anonymous actions (sign-up, password reset), kept in the database so
// every app instance enforces the same numbers. Counting and recording happen in one transaction
// under advisory locks on the keys, so a burst of concurrent requests lets exactly the limit
// through. Refused requests are not recorded: a refusal does not keep the limit closed longer.

export interface Limit {
  /** A client address, an email, or '*' for the global limit. */
  key: string
  max: number
}

export type Admission = { allowed: true } | { allowed: false; retryAfterSeconds: number }

export async function admit(db: PrismaClient, action: string, limits: Limit[], windowMs: number, now = new Date()): Promise<Admission> {
  const since = new Date(now.getTime() - windowMs)
  return db.$transaction(async (tx) => {
    await lockKeys(tx, limits.map(({ key }) => `rate-limit:${action}:${key}`))
    let retryAfterMs = 0
    for (const { key, max } of limits) {
      const inWindow = await tx.rateLimitHit.findMany({ where: { action, key, createdAt: { gt: since } }, orderBy: { createdAt: 'asc' }, select: { createdAt: true } })
      // Allowed again once the oldest hits down to index length - max have left the window.
      if (inWindow.length >= max) retryAfterMs = Math.max(retryAfterMs, inWindow[inWindow.length - max]!.createdAt.getTime() + windowMs - now.getTime())
    }
    if (retryAfterMs > 0) return { allowed: false as const, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) }
    await tx.rateLimitHit.createMany({ data: limits.map(({ key }) => ({ action, key, createdAt: now })) })
    return { allowed: true as const }
  })
}
