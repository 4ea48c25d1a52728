import { randomBytes } from 'node:crypto'
import type { PrismaClient } from '@/lib/generated/prisma/client'
import { registerOrganization } from '@/lib/accounts/signup'
import { verifyEmail } from '@/lib/accounts/verify-email'
import { acceptInvitation, createInvitation } from '@/lib/team/invitations'
import type { Actor } from '@/lib/team/members'
import { scopedDb } from '@/lib/tenancy/scoped-db'

export const TEST_PASSWORD = 'test-password-4821'

export function uniqueEmail(label = 'user'): string {
  return `${label}-${randomBytes(5).toString('hex')}@example.test`
}

// The real sign-up and invitation paths, with the link's token taken from the function that
// made it instead of from a mail (tests of the mails themselves read the mail catcher).

/** A fresh organization with its owner, signed up and verified (not provisioned). */
export async function createOrganization(db: PrismaClient, label = 'org') {
  const email = uniqueEmail(`${label}-owner`)
  const registration = await registerOrganization(db, { organizationName: `Org ${label}`, name: `Owner ${label}`, email, password: TEST_PASSWORD })
  if (registration.kind !== 'created') throw new Error(`unexpected: ${email} is taken`)
  await verifyEmail(db, registration.verificationToken)
  return { organizationId: registration.organizationId, ownerId: registration.userId, ownerEmail: email }
}

/** A member who joined by accepting an invitation. */
export async function addMember(db: PrismaClient, organizationId: string, inviter: Actor, input: { name: string; email: string; role: 'AGENT' | 'ADMIN'; password?: string }) {
  const { token } = await createInvitation(scopedDb(db, organizationId), inviter, input)
  await acceptInvitation(db, { token, name: input.name, password: input.password ?? TEST_PASSWORD })
  return db.user.findUniqueOrThrow({ where: { email: input.email.toLowerCase() } })
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
