import { describe, expect, it } from 'vitest'
import { testPrisma } from '@/lib/db/test-database'
import { createOrganization, TEST_PASSWORD, uniqueEmail } from '@/lib/testing/factories'
import { signInWithPassword, WRONG_CREDENTIALS } from './credentials'
import { checkLoginThrottle, LOGIN_WINDOW_MS, MAX_FAILURES_PER_EMAIL, MAX_FAILURES_PER_IP } from './login-throttle'
import { pruneAuthRecords } from './prune'

describe('signing in with a password', () => {
  const db = testPrisma()

  it('signs in with the right password and says the same for a wrong password and an unknown email', async () => {
    const { ownerEmail, organizationId } = await createOrganization(db, 'login')
    const ok = await signInWithPassword(db, ownerEmail.toUpperCase(), TEST_PASSWORD, '10.1.0.1')
    expect(ok).toMatchObject({ ok: true, user: { email: ownerEmail, organizationId, role: 'OWNER' } })
    expect(await signInWithPassword(db, ownerEmail, 'not-it-123456', '10.1.0.1')).toEqual({ ok: false, error: WRONG_CREDENTIALS })
    expect(await signInWithPassword(db, uniqueEmail('nobody'), TEST_PASSWORD, '10.1.0.1')).toEqual({ ok: false, error: WRONG_CREDENTIALS })
  })

  it('locks an email after repeated failures, even for the right password, until the window passes', async () => {
    const { ownerEmail } = await createOrganization(db, 'throttle')
    for (let attempt = 0; attempt < MAX_FAILURES_PER_EMAIL; attempt++) {
      expect(await signInWithPassword(db, ownerEmail, `wrong-${attempt}-password`, `10.2.0.${attempt}`)).toEqual({ ok: false, error: WRONG_CREDENTIALS })
    }
    const locked = await signInWithPassword(db, ownerEmail, TEST_PASSWORD, '10.2.1.1')
    expect(locked).toEqual({ ok: false, error: 'Too many failed sign-in attempts. Try again in 15 minutes.' })
    const later = new Date(Date.now() + LOGIN_WINDOW_MS + 1000)
    expect(await checkLoginThrottle(db, ownerEmail, '10.2.1.1', later)).toEqual({ allowed: true, retryAfterSeconds: 0 })
  })

  it('a success clears the failure streak', async () => {
    const { ownerEmail } = await createOrganization(db, 'streak')
    for (let attempt = 0; attempt < MAX_FAILURES_PER_EMAIL - 1; attempt++) await signInWithPassword(db, ownerEmail, 'wrong-password-x1', '10.3.0.1')
    expect((await signInWithPassword(db, ownerEmail, TEST_PASSWORD, '10.3.0.1')).ok).toBe(true)
    expect((await signInWithPassword(db, ownerEmail, 'wrong-password-x1', '10.3.0.1')).ok).toBe(false)
    expect((await signInWithPassword(db, ownerEmail, TEST_PASSWORD, '10.3.0.1')).ok).toBe(true)
  })

  it('limits one address trying many accounts', async () => {
    const ip = `10.4.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`
    for (let attempt = 0; attempt < MAX_FAILURES_PER_IP; attempt++) await signInWithPassword(db, uniqueEmail('spray'), 'guess-password-1', ip)
    const { ownerEmail } = await createOrganization(db, 'victim')
    const result = await signInWithPassword(db, ownerEmail, TEST_PASSWORD, ip)
    expect(result).toMatchObject({ ok: false, error: expect.stringContaining('Too many failed sign-in attempts') })
    expect((await signInWithPassword(db, ownerEmail, TEST_PASSWORD, '10.5.0.1')).ok).toBe(true)
  })

  it('counts parallel wrong guesses before any password is hashed: only the limit’s worth are checked', async () => {
    const { ownerEmail } = await createOrganization(db, 'parallel')
    const guesses = 4 * MAX_FAILURES_PER_EMAIL
    const results = await Promise.all(Array.from({ length: guesses }, (_, i) => signInWithPassword(db, ownerEmail, `parallel-guess-${i}`, `10.6.0.${i}`)))
    const checked = results.filter((result) => !result.ok && result.error === WRONG_CREDENTIALS).length
    expect(checked).toBe(MAX_FAILURES_PER_EMAIL)
    expect(results.filter((result) => !result.ok && result.error.startsWith('Too many failed sign-in attempts')).length).toBe(guesses - checked)
    expect(await db.loginAttempt.count({ where: { email: ownerEmail, succeeded: false } })).toBe(guesses)
    expect((await signInWithPassword(db, ownerEmail, TEST_PASSWORD, '10.6.1.1')).ok).toBe(false)
  })

  it('prunes attempts older than the window and leaves recent ones', async () => {
    const email = uniqueEmail('prune')
    const now = new Date()
    const old = new Date(now.getTime() - LOGIN_WINDOW_MS - 60_000)
    await db.loginAttempt.createMany({ data: [{ email, ip: '10.7.0.1', succeeded: false, createdAt: old }, { email, ip: '10.7.0.1', succeeded: false, createdAt: now }] })
    const pruned = await pruneAuthRecords(db, now)
    expect(pruned.loginAttempts).toBeGreaterThanOrEqual(1)
    expect((await db.loginAttempt.findMany({ where: { email } })).map((attempt) => attempt.createdAt)).toEqual([now])
  })
})
