import { z } from 'zod'
import type { PrismaClient } from '@/lib/generated/prisma/client'
import { Prisma } from '@/lib/generated/prisma/client'
import { conflict, badRequest } from '@/lib/http/problem'
import { normalizeEmail } from '@/lib/auth/credentials'
import { hashPassword, passwordWeakness } from '@/lib/auth/password'
import { newSoftphoneIdentity } from './identity'

export const signupSchema = z.object({
  organizationName: z.string().trim().min(2, 'Enter your organization’s name.').max(100),
  name: z.string().trim().min(1, 'Enter your name.').max(100),
  email: z.email('Enter a valid email address.').max(254),
  password: z.string(),
})
export type SignupInput = z.infer<typeof signupSchema>

export const DUPLICATE_EMAIL = 'An account with this email already exists. Sign in instead.'

export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002'
}

/** Creates an organization and its owner in one transaction. */
export async function signUp(db: PrismaClient, input: SignupInput) {
  const email = normalizeEmail(input.email)
  const weakness = passwordWeakness(input.password, [input.name, email.split('@')[0]!, input.organizationName])
  if (weakness) throw badRequest(weakness, { password: weakness })
  const passwordHash = await hashPassword(input.password)
  try {
    return await db.$transaction(async (tx) => {
      const organization = await tx.organization.create({ data: { name: input.organizationName } })
      const owner = await tx.user.create({
        data: { organizationId: organization.id, email, name: input.name, passwordHash, role: 'OWNER', softphoneIdentity: newSoftphoneIdentity() },
      })
      // Inside the transaction, so the organization and its first audit entry exist together.
      await tx.auditLog.create({ data: { organizationId: organization.id, actorUserId: owner.id, action: 'organization.created', targetType: 'Organization', targetId: organization.id } })
      return { organizationId: organization.id, userId: owner.id }
    })
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(DUPLICATE_EMAIL, { email: DUPLICATE_EMAIL })
    throw error
  }
}
