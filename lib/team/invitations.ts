import { z } from 'zod'
import { newSoftphoneIdentity } from '@/lib/accounts/identity'
import { isUniqueViolation } from '@/lib/accounts/signup'
import { recordAudit } from '@/lib/audit/record'
import { normalizeEmail } from '@/lib/auth/credentials'
import { hashPassword, passwordWeakness } from '@/lib/auth/password'
import { hashLinkToken, newLinkToken } from '@/lib/auth/tokens'
import type { PrismaClient } from '@/lib/generated/prisma/client'
import { badRequest, conflict, notFound } from '@/lib/http/problem'
import type { Mailer } from '@/lib/mail/mailer'
import { invitationExistingAccountMail, invitationMail } from '@/lib/mail/messages'
import type { ScopedDb } from '@/lib/tenancy/scoped-db'
import type { Actor } from './members'

// Members join by invitation: an admin names them and their role, the invitee receives a
// single-use link that expires, and sets their own password with it.

export const INVITATION_VALID_DAYS = 7
export const INVALID_INVITATION = 'This invitation has expired, was already used or was withdrawn. Ask for a new one.'
export const ACCOUNT_EXISTS = 'This email already has an account. Sign in instead.'

export const inviteMemberSchema = z.object({
  name: z.string().trim().min(1, 'Enter a name.').max(100),
  email: z.email('Enter a valid email address.').max(254),
  role: z.enum(['AGENT', 'ADMIN']),
})
export const acceptInvitationSchema = z.object({ token: z.string().min(1).max(200), name: z.string().trim().min(1, 'Enter your name.').max(100), password: z.string() })

export const invitationFields = { id: true, name: true, email: true, role: true, expiresAt: true, createdAt: true } as const

export function listInvitations(db: ScopedDb, now = new Date()) {
  return db.invitation.findMany({ where: { acceptedAt: null, expiresAt: { gt: now } }, select: invitationFields, orderBy: { createdAt: 'asc' } })
}

interface InviteContext {
  /** The unscoped client: only to learn whether the address has an account anywhere. */
  accounts: PrismaClient
  mailer: Mailer
  organizationId: string
  publicUrl: string
}

/** Records the invitation and its audit entry together; returns the link's token for the mail. */
export async function createInvitation(db: ScopedDb, actor: Actor, input: z.infer<typeof inviteMemberSchema>, now = new Date()) {
  const email = normalizeEmail(input.email)
  const { token, tokenHash } = newLinkToken()
  const invitation = await db.$transaction(async (tx) => {
    // A new invitation replaces the address's pending one, whose link stops working.
    await tx.invitation.deleteMany({ where: { email, acceptedAt: null } })
    const created = await tx.invitation.create({
      data: { email, name: input.name, role: input.role, tokenHash, invitedById: actor.id, expiresAt: new Date(now.getTime() + INVITATION_VALID_DAYS * 86_400_000) },
      select: invitationFields,
    } as Parameters<ScopedDb['invitation']['create']>[0])
    await recordAudit(tx, { actorUserId: actor.id, action: 'member.invited', targetType: 'Invitation', targetId: created.id, metadata: { role: input.role } })
    return created
  })
  return { invitation, token }
}

/**
 * Invites someone. The answer is the same whether or not the address already has an account
 * (an account belongs to one organization); the mail tells its owner which case it was.
 */
export async function inviteMember(db: ScopedDb, actor: Actor & { name: string }, input: z.infer<typeof inviteMemberSchema>, context: InviteContext, now = new Date()) {
  const { invitation, token } = await createInvitation(db, actor, input, now)
  // After the commit: never hold a transaction open across a network call.
  const [organization, existing] = await Promise.all([
    context.accounts.organization.findUniqueOrThrow({ where: { id: context.organizationId }, select: { name: true } }),
    context.accounts.user.findUnique({ where: { email: invitation.email }, select: { id: true } }),
  ])
  const mail = existing
    ? invitationExistingAccountMail({ inviterName: actor.name, organizationName: organization.name, signInUrl: `${context.publicUrl}/login` })
    : invitationMail({ inviterName: actor.name, organizationName: organization.name, role: input.role, url: `${context.publicUrl}/accept-invite?token=${token}`, validDays: INVITATION_VALID_DAYS })
  await context.mailer.send(invitation.email, mail)
  return invitation
}

export async function revokeInvitation(db: ScopedDb, actor: Actor, invitationId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const revoked = await tx.invitation.deleteMany({ where: { id: invitationId, acceptedAt: null } })
    if (revoked.count === 0) throw notFound('No such pending invitation.')
    await recordAudit(tx, { actorUserId: actor.id, action: 'member.invitation_revoked', targetType: 'Invitation', targetId: invitationId })
  })
}

async function usableInvitation(accounts: PrismaClient, token: string, now: Date) {
  const invitation = await accounts.invitation.findUnique({ where: { tokenHash: hashLinkToken(token) }, include: { organization: { select: { name: true } } } })
  return invitation && !invitation.acceptedAt && invitation.expiresAt > now ? invitation : null
}

/** What the accept page shows, or null for a link that no longer works. */
export async function describeInvitation(accounts: PrismaClient, token: string, now = new Date()) {
  const invitation = await usableInvitation(accounts, token, now)
  return invitation && { organizationName: invitation.organization.name, email: invitation.email, name: invitation.name, role: invitation.role }
}

/** The invitee sets their password: the link is spent and the member created in one transaction. */
export async function acceptInvitation(accounts: PrismaClient, input: z.infer<typeof acceptInvitationSchema>, now = new Date()): Promise<{ email: string }> {
  const invitation = await usableInvitation(accounts, input.token, now)
  if (!invitation) throw badRequest(INVALID_INVITATION)
  const weakness = passwordWeakness(input.password, [input.name, invitation.email.split('@')[0]!])
  if (weakness) throw badRequest(weakness, { password: weakness })
  const passwordHash = await hashPassword(input.password)
  try {
    await accounts.$transaction(async (tx) => {
      const spent = await tx.invitation.updateMany({ where: { id: invitation.id, acceptedAt: null, expiresAt: { gt: now } }, data: { acceptedAt: now } })
      if (spent.count !== 1) throw badRequest(INVALID_INVITATION)
      const member = await tx.user.create({
        data: {
          organizationId: invitation.organizationId,
          email: invitation.email,
          name: input.name,
          role: invitation.role,
          passwordHash,
          softphoneIdentity: newSoftphoneIdentity(),
          // The invitee proved the address by opening the mailed link.
          emailVerifiedAt: now,
        },
      })
      await tx.auditLog.create({
        data: { organizationId: invitation.organizationId, actorUserId: member.id, action: 'member.joined', targetType: 'User', targetId: member.id, metadata: { role: invitation.role, invitationId: invitation.id } },
      })
    })
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(ACCOUNT_EXISTS, { email: ACCOUNT_EXISTS })
    throw error
  }
  return { email: invitation.email }
}
