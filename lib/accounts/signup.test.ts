import { describe, expect, it } from 'vitest'
import { testPrisma } from '@/lib/db/test-database'
import { verifyPassword } from '@/lib/auth/password'
import { HttpError } from '@/lib/http/problem'
import { TEST_PASSWORD, uniqueEmail } from '@/lib/testing/factories'
import { DUPLICATE_EMAIL, signUp } from './signup'

describe('sign-up', () => {
  const db = testPrisma()

  it('creates the organization and its owner with a hashed password', async () => {
    const email = uniqueEmail('Founder')
    const { organizationId, userId } = await signUp(db, { organizationName: 'Bright Dental', name: 'Dana Founder', email: `  ${email.toUpperCase()} `, password: TEST_PASSWORD })
    const owner = await db.user.findUniqueOrThrow({ where: { id: userId }, include: { organization: true } })
    expect(owner).toMatchObject({ organizationId, role: 'OWNER', email: email.toLowerCase(), name: 'Dana Founder' })
    expect(owner.organization.name).toBe('Bright Dental')
    expect(owner.softphoneIdentity).toMatch(/^agent_[0-9a-f]{20}$/)
    expect(owner.passwordHash).not.toContain(TEST_PASSWORD)
    expect(await verifyPassword(TEST_PASSWORD, owner.passwordHash)).toBe(true)
    expect(await verifyPassword('wrong-password-1', owner.passwordHash)).toBe(false)
    const audit = await db.auditLog.findMany({ where: { organizationId } })
    expect(audit.map((entry) => entry.action)).toEqual(['organization.created'])
  })

  it('refuses a duplicate email whatever its case, and leaves no half-made organization', async () => {
    const email = uniqueEmail('dup')
    await signUp(db, { organizationName: 'First', name: 'A', email, password: TEST_PASSWORD })
    const secondName = `Second ${email}`
    const attempt = signUp(db, { organizationName: secondName, name: 'B', email: email.toUpperCase(), password: TEST_PASSWORD })
    await expect(attempt).rejects.toMatchObject({ status: 409, message: DUPLICATE_EMAIL })
    expect(await db.organization.count({ where: { name: secondName } })).toBe(0)
  })

  it('explains a weak password on its field', async () => {
    const error = await signUp(db, { organizationName: 'Weak', name: 'Wanda', email: uniqueEmail(), password: 'wanda12345' }).catch((e) => e)
    expect(error).toBeInstanceOf(HttpError)
    expect(error.status).toBe(400)
    expect(error.fields.password).toBe('Do not use your name, email or organization in the password.')
  })
})
