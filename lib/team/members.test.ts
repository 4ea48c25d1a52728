import { describe, expect, it } from 'vitest'
import { testPrisma } from '@/lib/db/test-database'
import { DUPLICATE_EMAIL } from '@/lib/accounts/signup'
import { createOrganization, uniqueEmail } from '@/lib/testing/factories'
import { scopedDb } from '@/lib/tenancy/scoped-db'
import { addMember, changeMemberRole, listMembers, removeMember } from './members'

describe('team members', () => {
  const db = testPrisma()

  async function organizationWithAdmin() {
    const org = await createOrganization(db, 'team')
    const scoped = scopedDb(db, org.organizationId)
    const owner = { id: org.ownerId, role: 'OWNER' as const }
    const admin = await addMember(scoped, owner, { name: 'Ari Admin', email: uniqueEmail('admin'), role: 'ADMIN', password: 'admin-pass-5512' })
    return { ...org, scoped, owner, admin: { id: admin.id, role: 'ADMIN' as const } }
  }

  it('adds, re-roles and removes members, auditing each change and never exposing password hashes', async () => {
    const { scoped, owner, admin } = await organizationWithAdmin()
    const agent = await addMember(scoped, admin, { name: 'Ann Agent', email: uniqueEmail('agent'), role: 'AGENT', password: 'agent-pass-8812' })
    expect(Object.keys(agent)).not.toContain('passwordHash')
    expect((await listMembers(scoped)).map((member) => member.role)).toEqual(['OWNER', 'ADMIN', 'AGENT'])

    expect((await changeMemberRole(scoped, owner, agent.id, 'ADMIN')).role).toBe('ADMIN')
    await removeMember(scoped, admin, agent.id)
    expect((await listMembers(scoped)).map((member) => member.id)).not.toContain(agent.id)

    const actions = (await scoped.auditLog.findMany({ orderBy: { createdAt: 'asc' } })).map((entry) => entry.action)
    expect(actions).toEqual(['organization.created', 'member.added', 'member.added', 'member.role_changed', 'member.removed'])
  })

  it('keeps members from changing their own role and anyone from changing the owner', async () => {
    const { scoped, owner, admin } = await organizationWithAdmin()
    await expect(changeMemberRole(scoped, admin, admin.id, 'AGENT')).rejects.toMatchObject({ status: 403 })
    await expect(removeMember(scoped, admin, admin.id)).rejects.toMatchObject({ status: 403 })
    await expect(changeMemberRole(scoped, admin, owner.id, 'AGENT')).rejects.toMatchObject({ status: 403 })
    await expect(removeMember(scoped, admin, owner.id)).rejects.toMatchObject({ status: 403 })
  })

  it('answers 404 for another organization’s member and 409 for a taken email', async () => {
    const one = await organizationWithAdmin()
    const other = await organizationWithAdmin()
    await expect(removeMember(one.scoped, one.owner, other.admin.id)).rejects.toMatchObject({ status: 404 })
    await expect(changeMemberRole(one.scoped, one.owner, other.admin.id, 'AGENT')).rejects.toMatchObject({ status: 404 })
    await expect(addMember(one.scoped, one.owner, { name: 'Copy', email: other.ownerEmail, role: 'AGENT', password: 'unrelated-pass-1234' })).rejects.toMatchObject({
      status: 409,
      message: DUPLICATE_EMAIL,
    })
    expect(await db.user.findUniqueOrThrow({ where: { id: other.admin.id } })).toMatchObject({ role: 'ADMIN' })
  })
})
