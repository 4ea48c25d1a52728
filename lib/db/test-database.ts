import { afterAll, inject } from 'vitest'
import type { PrismaClient } from '@/lib/generated/prisma/client'
import { createPrismaClient } from './client'

/** A Prisma client on the test run's database (see test-global-setup.ts), closed after the file. */
export function testPrisma(): PrismaClient {
  const url = inject('databaseUrl')
  // Code under test that calls prisma() reaches the same database.
  process.env.DATABASE_URL = url
  const client = createPrismaClient(url)
  afterAll(() => client.$disconnect())
  return client
}
