import type { Prisma } from '@/lib/generated/prisma/client'

/**
 * Takes PostgreSQL transaction-level advisory locks on named keys, released at commit, so a
 * check-then-write on a counter is atomic across app instances: concurrent transactions on the
 * same key run one after another. Keys are locked in sorted order so two transactions that
 * share keys cannot deadlock.
 */
export async function lockKeys(tx: Prisma.TransactionClient, keys: string[]): Promise<void> {
  for (const key of [...new Set(keys)].sort()) {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`
  }
}
