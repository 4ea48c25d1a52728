import { describe, expect, it } from 'vitest'
import { testPrisma } from '@/lib/db/test-database'
import { createOrganization, TEST_PASSWORD, uniqueEmail } from '@/lib/testing/factories'
import { appLink, TEST_PUBLIC_URL, testMail } from '@/lib/testing/mail'
import { signInWithPassword, WRONG_CREDENTIALS } from './credentials'
import { INVALID_RESET_LINK, requestPasswordReset, resetPassword, RESET_VALID_MINUTES } from './password-reset'
import { isCurrentSession } from './session-version'

describe('password reset', () => {
  const db = testPrisma()
  const mail = testMail()
  const NEW_PASSWORD = 'fresh-start-password-77'

  it('mails a link that sets a new password once, ends every session, and then fails', async () => {
    const { ownerEmail, ownerId } = await createOrganization(db, 'reset')
    const before = await db.user.findUniqueOrThrow({ where: { id: ownerId } })
    await requestPasswordReset(db, mail.mailer, ownerEmail.toUpperCase(), TEST_PUBLIC_URL)
    const message = mail.latestTo(ownerEmail)
    expect(message.subject).toBe('Reset your HEKAX Phone password')
    expect(message.text).toContain(`works once, for ${RESET_VALID_MINUTES} minutes`)
    const link = appLink(message)
    expect(link.url).toBe(`${TEST_PUBLIC_URL}/reset-password?token=${link.token}`)

    expect(await resetPassword(db, link.token, NEW_PASSWORD)).toEqual({ email: ownerEmail })
    const after = await db.user.findUniqueOrThrow({ where: { id: ownerId } })
    expect(after.sessionVersion).toBe(before.sessionVersion + 1)
    // A session signed before the change no longer matches; one signed after does.
    expect(isCurrentSession(after, before.sessionVersion)).toBe(false)
    const signedIn = await signInWithPassword(db, ownerEmail, NEW_PASSWORD, '10.30.0.1')
    expect(signedIn).toMatchObject({ ok: true, user: { sessionVersion: after.sessionVersion } })
    expect(await signInWithPassword(db, ownerEmail, TEST_PASSWORD, '10.30.0.1')).toEqual({ ok: false, error: WRONG_CREDENTIALS })

    await expect(resetPassword(db, link.token, 'yet-another-password-5')).rejects.toMatchObject({ status: 400, message: INVALID_RESET_LINK })
    expect((await signInWithPassword(db, ownerEmail, NEW_PASSWORD, '10.30.0.1')).ok).toBe(true)
  })

  it('refuses a link after 30 minutes, and a weak password without spending the link', async () => {
    const { ownerEmail } = await createOrganization(db, 'expiry')
    const requestedAt = new Date()
    await requestPasswordReset(db, mail.mailer, ownerEmail, TEST_PUBLIC_URL, requestedAt)
    const { token } = appLink(mail.latestTo(ownerEmail))
    await expect(resetPassword(db, token, 'short')).rejects.toMatchObject({ status: 400, fields: { password: 'Use at least 10 characters.' } })
    const late = new Date(requestedAt.getTime() + RESET_VALID_MINUTES * 60_000 + 1)
    await expect(resetPassword(db, token, NEW_PASSWORD, late)).rejects.toMatchObject({ message: INVALID_RESET_LINK })
    await expect(resetPassword(db, token, NEW_PASSWORD, new Date(requestedAt.getTime() + 29 * 60_000))).resolves.toEqual({ email: ownerEmail })
  })

  it('lets only one of two concurrent uses of a link through', async () => {
    const { ownerEmail } = await createOrganization(db, 'race')
    await requestPasswordReset(db, mail.mailer, ownerEmail, TEST_PUBLIC_URL)
    const { token } = appLink(mail.latestTo(ownerEmail))
    const outcomes = await Promise.allSettled([resetPassword(db, token, NEW_PASSWORD), resetPassword(db, token, 'the-other-password-9')])
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected'])
  })

  it('tells an address without an account so in the mail', async () => {
    const email = uniqueEmail('stranger')
    await requestPasswordReset(db, mail.mailer, email, TEST_PUBLIC_URL)
    const message = mail.latestTo(email)
    expect(message.subject).toBe('Password reset requested for HEKAX Phone')
    expect(message.text).toContain('it has no account')
    expect(message.text).toContain(`${TEST_PUBLIC_URL}/signup`)
  })
})
