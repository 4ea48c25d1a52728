import { describe, expect, it } from 'vitest'
import { registerOrganization } from '@/lib/accounts/signup'
import { signInWithPassword } from '@/lib/auth/credentials'
import { testPrisma } from '@/lib/db/test-database'
import { createOrganization, TEST_PASSWORD, uniqueEmail } from '@/lib/testing/factories'
import { appLink, TEST_PUBLIC_URL, testMail } from '@/lib/testing/mail'
import { scopedDb } from '@/lib/tenancy/scoped-db'
import { ACCOUNT_EXISTS, acceptInvitation, describeInvitation, INVALID_INVITATION, INVITATION_VALID_DAYS, inviteMember, listInvitations, revokeInvitation } from './invitations'

describe('invitations', () => {
  const db = testPrisma()
  const mail = testMail()
  const MEMBER_PASSWORD = 'my-own-choice-2231'

  async function organization(label: string) {
    const org = await createOrganization(db, label)
    const scoped = scopedDb(db, org.organizationId)
    const owner = { id: org.ownerId, role: 'OWNER' as const, name: `Owner ${label}` }
    const invite = (email: string, role: 'AGENT' | 'ADMIN' = 'AGENT', now?: Date) =>
      inviteMember(scoped, owner, { name: 'Grace Agent', email, role }, { accounts: db, mailer: mail.mailer, organizationId: org.organizationId, publicUrl: TEST_PUBLIC_URL }, now)
    return { ...org, scoped, owner, invite }
  }

  it('mails a link with which the invitee sets their own password, once', async () => {
    const org = await organization('invite')
    const email = uniqueEmail('Grace')
    const invitation = await org.invite(email.toUpperCase())
    expect(invitation).toMatchObject({ email: email.toLowerCase(), role: 'AGENT', name: 'Grace Agent' })
    expect(Object.keys(invitation)).not.toContain('tokenHash')
    expect((await listInvitations(org.scoped)).map((pending) => pending.id)).toEqual([invitation.id])

    const message = mail.latestTo(email)
    expect(message.subject).toBe('Owner invite invited you to Org invite on HEKAX Phone')
    const link = appLink(message)
    expect(link.url).toBe(`${TEST_PUBLIC_URL}/accept-invite?token=${link.token}`)
    expect(await describeInvitation(db, link.token)).toEqual({ organizationName: 'Org invite', email: email.toLowerCase(), name: 'Grace Agent', role: 'AGENT' })

    expect(await acceptInvitation(db, { token: link.token, name: 'Grace Hopper', password: MEMBER_PASSWORD })).toEqual({ email: email.toLowerCase() })
    const signedIn = await signInWithPassword(db, email, MEMBER_PASSWORD, '10.40.0.1')
    expect(signedIn).toMatchObject({ ok: true, user: { organizationId: org.organizationId, role: 'AGENT', name: 'Grace Hopper' } })

    await expect(acceptInvitation(db, { token: link.token, name: 'Again', password: 'another-choice-99' })).rejects.toMatchObject({ status: 400, message: INVALID_INVITATION })
    expect(await describeInvitation(db, link.token)).toBeNull()
    expect(await listInvitations(org.scoped)).toEqual([])
    const actions = (await org.scoped.auditLog.findMany({ orderBy: { createdAt: 'asc' } })).map((entry) => entry.action)
    expect(actions.slice(-2)).toEqual(['member.invited', 'member.joined'])
  })

  it('expires after the validity period; a new invitation replaces the pending one; a revoked link stops working', async () => {
    const org = await organization('expire')
    const email = uniqueEmail('late')
    const sentAt = new Date()
    await org.invite(email, 'ADMIN', sentAt)
    const first = appLink(mail.latestTo(email)).token
    const late = new Date(sentAt.getTime() + INVITATION_VALID_DAYS * 86_400_000 + 1)
    await expect(acceptInvitation(db, { token: first, name: 'Late', password: MEMBER_PASSWORD }, late)).rejects.toMatchObject({ message: INVALID_INVITATION })

    const replacement = await org.invite(email, 'ADMIN')
    await expect(acceptInvitation(db, { token: first, name: 'Late', password: MEMBER_PASSWORD })).rejects.toMatchObject({ message: INVALID_INVITATION })
    await revokeInvitation(org.scoped, org.owner, replacement.id)
    await expect(acceptInvitation(db, { token: appLink(mail.latestTo(email)).token, name: 'Late', password: MEMBER_PASSWORD })).rejects.toMatchObject({ message: INVALID_INVITATION })
    await expect(revokeInvitation(org.scoped, org.owner, replacement.id)).rejects.toMatchObject({ status: 404 })
  })

  it('answers the same for an address that has an account; the mail says so and carries no link', async () => {
    const org = await organization('existing')
    const other = await createOrganization(db, 'elsewhere')
    const invitation = await org.invite(other.ownerEmail)
    expect(invitation).toMatchObject({ email: other.ownerEmail, role: 'AGENT' })
    const message = mail.latestTo(other.ownerEmail)
    expect(message.text).toContain('already has an account')
    expect(message.text).not.toContain('accept-invite')
    expect(await signInWithPassword(db, other.ownerEmail, TEST_PASSWORD, '10.40.0.2')).toMatchObject({ ok: true, user: { organizationId: other.organizationId } })
  })

  it('refuses to accept when the address got an account after it was invited', async () => {
    const org = await organization('raced')
    const email = uniqueEmail('raced')
    await org.invite(email)
    const { token } = appLink(mail.latestTo(email))
    await registerOrganization(db, { organizationName: 'Own Co', name: 'Rae', email, password: TEST_PASSWORD })
    await expect(acceptInvitation(db, { token, name: 'Rae', password: MEMBER_PASSWORD })).rejects.toMatchObject({ status: 409, message: ACCOUNT_EXISTS })
    expect(await db.user.count({ where: { email } })).toBe(1)
  })

  it('refuses a weak password and keeps the link usable; another organization cannot revoke it', async () => {
    const org = await organization('weak')
    const stranger = await organization('stranger')
    const email = uniqueEmail('weak')
    const invitation = await org.invite(email)
    const { token } = appLink(mail.latestTo(email))
    await expect(acceptInvitation(db, { token, name: 'Wes', password: 'short' })).rejects.toMatchObject({ status: 400, fields: { password: 'Use at least 10 characters.' } })
    await expect(revokeInvitation(stranger.scoped, stranger.owner, invitation.id)).rejects.toMatchObject({ status: 404 })
    await expect(acceptInvitation(db, { token, name: 'Wes', password: MEMBER_PASSWORD })).resolves.toEqual({ email })
  })
})
