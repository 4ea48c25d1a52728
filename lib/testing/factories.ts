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

/** A number of the organization as the numbers issue stores it (routing reads these columns). */
export async function createPhoneNumber(
  db: PrismaClient,
  organizationId: string,
  number: { e164: string; twilioSid?: string } & Partial<Omit<Parameters<PrismaClient['phoneNumber']['create']>[0]['data'], 'organization' | 'organizationId'>>,
) {
  return db.phoneNumber.create({
    data: { friendlyName: number.e164, twilioSid: `PN${randomBytes(16).toString('hex')}`, ...number, organizationId } as Parameters<PrismaClient['phoneNumber']['create']>[0]['data'],
  })
}
