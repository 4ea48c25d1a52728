import { z } from 'zod'
import type { PrismaClient } from '@/lib/generated/prisma/client'
import { Prisma } from '@/lib/generated/prisma/client'
import { badRequest } from '@/lib/http/problem'
import { normalizeEmail } from '@/lib/auth/credentials'
import { hashPassword, passwordWeakness } from '@/lib/auth/password'
import { newLinkToken } from '@/lib/auth/tokens'
import type { Mailer } from '@/lib/mail/mailer'
import { signupExistingAccountMail, verifyEmailMail } from '@/lib/mail/messages'
import { newSoftphoneIdentity } from './identity'

export const signupSchema = z.object({
  organizationName: z.string().trim().min(2, 'Enter your organization’s name.').max(100),
  name: z.string().trim().min(1, 'Enter your name.').max(100),
  email: z.email('Enter a valid email address.').max(254),
  password: z.string(),
})
export type SignupInput = z.infer<typeof signupSchema>

export const VERIFICATION_VALID_HOURS = 48

export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002'
}

type Registration =
  | { kind: 'created'; organizationId: string; userId: string; verificationToken: string }
  | { kind: 'taken'; email: string }

/**
 * Creates an organization and its unverified owner in one transaction, with the owner's
 * single-use verification link. Nothing is provisioned at Twilio until the link is opened.
 */
export async function registerOrganization(db: PrismaClient, input: SignupInput, now = new Date()): Promise<Registration> {
  const email = normalizeEmail(input.email)
  const weakness = passwordWeakness(input.password, [input.name, email.split('@')[0]!, input.organizationName])
  if (weakness) throw badRequest(weakness, { password: weakness })
  const passwordHash = await hashPassword(input.password)
  const { token, tokenHash } = newLinkToken()
  try {
    return await db.$transaction(async (tx) => {
      const organization = await tx.organization.create({ data: { name: input.organizationName } })
      const owner = await tx.user.create({
        data: { organizationId: organization.id, email, name: input.name, passwordHash, role: 'OWNER', softphoneIdentity: newSoftphoneIdentity() },
      })
      await tx.userToken.create({ data: { userId: owner.id, purpose: 'VERIFY_EMAIL', tokenHash, expiresAt: new Date(now.getTime() + VERIFICATION_VALID_HOURS * 3600_000) } })
      // Inside the transaction, so the organization and its first audit entry exist together.
      await tx.auditLog.create({ data: { organizationId: organization.id, actorUserId: owner.id, action: 'organization.created', targetType: 'Organization', targetId: organization.id } })
      return { kind: 'created' as const, organizationId: organization.id, userId: owner.id, verificationToken: token }
    })
  } catch (error) {
    if (isUniqueViolation(error)) return { kind: 'taken', email }
    throw error
  }
}

async function newVerificationToken(db: PrismaClient, userId: string, now: Date): Promise<string> {
  const { token, tokenHash } = newLinkToken()
  await db.userToken.create({ data: { userId, purpose: 'VERIFY_EMAIL', tokenHash, expiresAt: new Date(now.getTime() + VERIFICATION_VALID_HOURS * 3600_000) } })
  return token
}

/**
 * Sign-up as the public sees it: the answer is the same whether or not the email has an
 * account; the mail tells the address's owner which case it was. An owner who never confirmed
 * gets a fresh link, so signing up again is also how to ask for a new one.
 */
export async function signUp(db: PrismaClient, mailer: Mailer, input: SignupInput, publicUrl: string, now = new Date()): Promise<void> {
  const registration = await registerOrganization(db, input, now)
  const verifyUrl = (token: string) => `${publicUrl}/api/account/verify-email?token=${token}`
  if (registration.kind === 'created') {
    const mail = verifyEmailMail({ name: input.name, organizationName: input.organizationName, url: verifyUrl(registration.verificationToken), validHours: VERIFICATION_VALID_HOURS })
    return mailer.send(normalizeEmail(input.email), mail)
  }
  const existing = await db.user.findUniqueOrThrow({ where: { email: registration.email }, include: { organization: { select: { name: true } } } })
  if (!existing.emailVerifiedAt) {
    const token = await newVerificationToken(db, existing.id, now)
    return mailer.send(existing.email, verifyEmailMail({ name: existing.name, organizationName: existing.organization.name, url: verifyUrl(token), validHours: VERIFICATION_VALID_HOURS }))
  }
  return mailer.send(existing.email, signupExistingAccountMail({ signInUrl: `${publicUrl}/login`, resetUrl: `${publicUrl}/forgot-password` }))
}
