import { randomBytes } from 'node:crypto'
import type { PrismaClient } from '@/lib/generated/prisma/client'
import { signUp } from '@/lib/accounts/signup'

export const TEST_PASSWORD = 'test-password-4821'

export function uniqueEmail(label = 'user'): string {
  return `${label}-${randomBytes(5).toString('hex')}@example.test`
}

/** A fresh organization with its owner, through the real sign-up path. */
export async function createOrganization(db: PrismaClient, label = 'org') {
  const email = uniqueEmail(`${label}-owner`)
  const { organizationId, userId } = await signUp(db, { organizationName: `Org ${label}`, name: `Owner ${label}`, email, password: TEST_PASSWORD })
  return { organizationId, ownerId: userId, ownerEmail: email }
}
