import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaClient } from '@/lib/generated/prisma/client'

// One Prisma client per process (kept on globalThis so Next.js dev reloads reuse its pool).
// DATABASE_URL is always set by the time the app runs: the dev command points it at the
// embedded database when the user gave none.

const POOL_SIZE = 10

const globalForPrisma = globalThis as unknown as { hekaxPrisma?: PrismaClient }

export function createPrismaClient(connectionString: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, max: POOL_SIZE }) })
}

export function prisma(): PrismaClient {
  if (!globalForPrisma.hekaxPrisma) {
    const url = process.env.DATABASE_URL
    if (!url) throw new Error('DATABASE_URL is not set: start the app with `npm run dev`, which provides the embedded database')
    globalForPrisma.hekaxPrisma = createPrismaClient(url)
  }
  return globalForPrisma.hekaxPrisma
}
