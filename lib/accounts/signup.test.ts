import { describe, expect, it } from 'vitest'
import { testPrisma } from '@/lib/db/test-database'
import { signInWithPassword, UNVERIFIED_EMAIL } from '@/lib/auth/credentials'
import { verifyPassword } from '@/lib/auth/password'
import { HttpError } from '@/lib/http/problem'
import { TEST_PASSWORD, uniqueEmail } from '@/lib/testing/factories'
import { appLink, TEST_PUBLIC_URL, testMail } from '@/lib/testing/mail'
import { signUp, VERIFICATION_VALID_HOURS } from './signup'
import { verifyEmail } from './verify-email'

describe('sign-up', () => {
  const db = testPrisma()
  const mail = testMail()

  it('creates the organization and an unverified owner, provisions nothing, and mails a single-use verification link', async () => {
    const email = uniqueEmail('Founder')
    await signUp(db, mail.mailer, { organizationName: 'Bright Dental', name: 'Dana Founder', email: `  ${email.toUpperCase()} `, password: TEST_PASSWORD }, TEST_PUBLIC_URL)
    const owner = await db.user.findUniqueOrThrow({ where: { email: email.toLowerCase() }, include: { organization: true, tokens: true } })
    expect(owner).toMatchObject({ role: 'OWNER', name: 'Dana Founder', emailVerifiedAt: null })
    expect(owner.organization).toMatchObject({ name: 'Bright Dental', provisioningStatus: 'PENDING', twilioAccountSid: null })
    expect(owner.softphoneIdentity).toMatch(/^agent_[0-9a-f]{20}$/)
    expect(await verifyPassword(TEST_PASSWORD, owner.passwordHash)).toBe(true)

    const message = mail.latestTo(email)
    expect(message.subject).toBe('Confirm your email to finish setting up HEKAX Phone')
    const link = appLink(message)
    expect(link.url).toBe(`${TEST_PUBLIC_URL}/api/account/verify-email?token=${link.token}`)
    expect(message.html).toContain(`href="${link.url}"`)
    // Only the token's SHA-256 is stored.
    expect(owner.tokens).toHaveLength(1)
    expect(owner.tokens[0]!.tokenHash).toMatch(/^[0-9a-f]{64}$/)
    expect(owner.tokens[0]!.tokenHash).not.toContain(link.token)

    expect(await signInWithPassword(db, email, TEST_PASSWORD, '10.20.0.1')).toEqual({ ok: false, error: UNVERIFIED_EMAIL })
    expect(await verifyEmail(db, link.token)).toEqual({ organizationId: owner.organizationId, userId: owner.id })
    expect(await verifyEmail(db, link.token)).toBeNull()
    expect((await signInWithPassword(db, email, TEST_PASSWORD, '10.20.0.1')).ok).toBe(true)
    const audit = await db.auditLog.findMany({ where: { organizationId: owner.organizationId }, orderBy: { createdAt: 'asc' } })
    expect(audit.map((entry) => entry.action)).toEqual(['organization.created', 'owner.email_verified'])
  })

  it('answers a taken email exactly like a new one, and the mail tells the address’s owner instead', async () => {
    const email = uniqueEmail('dup')
    await signUp(db, mail.mailer, { organizationName: 'First', name: 'A', email, password: TEST_PASSWORD }, TEST_PUBLIC_URL)
    await verifyEmail(db, appLink(mail.latestTo(email)).token)
    const secondName = `Second ${email}`
    await expect(signUp(db, mail.mailer, { organizationName: secondName, name: 'B', email: email.toUpperCase(), password: TEST_PASSWORD }, TEST_PUBLIC_URL)).resolves.toBeUndefined()
    expect(await db.organization.count({ where: { name: secondName } })).toBe(0)
    const notice = mail.latestTo(email)
    expect(notice.subject).toBe('You already have a HEKAX Phone account')
    expect(notice.text).toContain(`${TEST_PUBLIC_URL}/login`)
    expect(notice.text).toContain(`${TEST_PUBLIC_URL}/forgot-password`)
  })

  it('sends a never-verified owner a fresh link when they sign up again; an expired link does nothing', async () => {
    const email = uniqueEmail('again')
    const signedUpAt = new Date()
    await signUp(db, mail.mailer, { organizationName: 'Again Co', name: 'Ann', email, password: TEST_PASSWORD }, TEST_PUBLIC_URL, signedUpAt)
    const first = appLink(mail.latestTo(email)).token
    expect(await verifyEmail(db, first, new Date(signedUpAt.getTime() + VERIFICATION_VALID_HOURS * 3600_000 + 1))).toBeNull()
    await signUp(db, mail.mailer, { organizationName: 'Again Co', name: 'Ann', email, password: TEST_PASSWORD }, TEST_PUBLIC_URL)
    const second = appLink(mail.latestTo(email)).token
    expect(second).not.toBe(first)
    expect(await db.organization.count({ where: { name: 'Again Co', users: { some: { email } } } })).toBe(1)
    expect(await verifyEmail(db, second)).not.toBeNull()
  })

  it('explains a weak password on its field and sends nothing', async () => {
    const email = uniqueEmail()
    const error = await signUp(db, mail.mailer, { organizationName: 'Weak', name: 'Wanda', email, password: 'wanda12345' }, TEST_PUBLIC_URL).catch((e) => e)
    expect(error).toBeInstanceOf(HttpError)
    expect(error.status).toBe(400)
    expect(error.fields.password).toBe('Do not use your name, email or organization in the password.')
    expect(mail.countTo(email)).toBe(0)
  })
})
