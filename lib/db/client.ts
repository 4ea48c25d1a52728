import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaClient } from '@/lib/generated/prisma/client'

// One Prisma client per process (kept on globalThis so Next.js dev reloads reuse its pool).
// DATABASE_URL is always set by the time the app runs: the dev command points it at the
// embedded database when the user gave none.

const POOL_SIZE = 10

const globalForPrisma = globalThis as unknown as { hekaxPrisma?: PrismaClient }

// Prisma's defaults (wait 2 s for a pooled connection, 5 s per interactive transaction) turn a
// burst of sign-ups into 500s (P2028) while every connection is briefly busy; waiting longer for
// a connection is the right answer to a burst. Transactions stay short: none spans a network call.
const TRANSACTION_OPTIONS = { maxWait: 15_000, timeout: 15_000 }

export function createPrismaClient(connectionString: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, max: POOL_SIZE }), transactionOptions: TRANSACTION_OPTIONS })
}

export function prisma(): PrismaClient {
  if (!globalForPrisma.hekaxPrisma) {
    const url = process.env.DATABASE_URL
    if (!url) throw new Error('DATABASE_URL is not set: start the app with `npm run dev`, which provides the embedded database')
    globalForPrisma.hekaxPrisma = createPrismaClient(url)
  }
  return globalForPrisma.hekaxPrisma
}
