import { describe, expect, it } from 'vitest'
import { testPrisma } from '@/lib/db/test-database'
import { addMember, createOrganization, uniqueEmail } from '@/lib/testing/factories'
import { scopedDb } from '@/lib/tenancy/scoped-db'
import { changeMemberRole, listMembers, removeMember } from './members'

describe('team members', () => {
  const db = testPrisma()

  async function organizationWithAdmin() {
    const org = await createOrganization(db, 'team')
    const scoped = scopedDb(db, org.organizationId)
    const owner = { id: org.ownerId, role: 'OWNER' as const }
    const admin = await addMember(db, org.organizationId, owner, { name: 'Ari Admin', email: uniqueEmail('admin'), role: 'ADMIN' })
    return { ...org, scoped, owner, admin: { id: admin.id, role: 'ADMIN' as const } }
  }

  it('re-roles and removes members, auditing each change and never exposing password hashes', async () => {
    const { scoped, owner, admin, organizationId } = await organizationWithAdmin()
    const agent = await addMember(db, organizationId, admin, { name: 'Ann Agent', email: uniqueEmail('agent'), role: 'AGENT' })
    const listed = await listMembers(scoped)
    expect(listed.map((member) => member.role)).toEqual(['OWNER', 'ADMIN', 'AGENT'])
    expect(Object.keys(listed[0]!)).not.toContain('passwordHash')

    expect((await changeMemberRole(scoped, owner, agent.id, 'ADMIN')).role).toBe('ADMIN')
    await removeMember(scoped, admin, agent.id)
    expect((await listMembers(scoped)).map((member) => member.id)).not.toContain(agent.id)

    const actions = (await scoped.auditLog.findMany({ orderBy: { createdAt: 'asc' } })).map((entry) => entry.action)
    expect(actions).toEqual(['organization.created', 'owner.email_verified', 'member.invited', 'member.joined', 'member.invited', 'member.joined', 'member.role_changed', 'member.removed'])
  })

  it('writes a change and its audit entry together: when the entry cannot be written, the change is undone', async () => {
    const { scoped, admin, organizationId } = await organizationWithAdmin()
    const agent = await addMember(db, organizationId, admin, { name: 'Al Agent', email: uniqueEmail('agent'), role: 'AGENT' })
    // An actor that does not exist breaks the audit entry's foreign key.
    const ghost = { id: 'no-such-user', role: 'OWNER' as const }
    await expect(changeMemberRole(scoped, ghost, agent.id, 'ADMIN')).rejects.toThrow()
    await expect(removeMember(scoped, ghost, agent.id)).rejects.toThrow()
    expect(await db.user.findUniqueOrThrow({ where: { id: agent.id } })).toMatchObject({ role: 'AGENT' })
  })

  it('keeps members from changing their own role and anyone from changing the owner', async () => {
    const { scoped, owner, admin } = await organizationWithAdmin()
    await expect(changeMemberRole(scoped, admin, admin.id, 'AGENT')).rejects.toMatchObject({ status: 403 })
    await expect(removeMember(scoped, admin, admin.id)).rejects.toMatchObject({ status: 403 })
    await expect(changeMemberRole(scoped, admin, owner.id, 'AGENT')).rejects.toMatchObject({ status: 403 })
    await expect(removeMember(scoped, admin, owner.id)).rejects.toMatchObject({ status: 403 })
  })

  it('answers 404 for another organization’s member', async () => {
    const one = await organizationWithAdmin()
    const other = await organizationWithAdmin()
    await expect(removeMember(one.scoped, one.owner, other.admin.id)).rejects.toMatchObject({ status: 404 })
    await expect(changeMemberRole(one.scoped, one.owner, other.admin.id, 'AGENT')).rejects.toMatchObject({ status: 404 })
    expect(await db.user.findUniqueOrThrow({ where: { id: other.admin.id } })).toMatchObject({ role: 'ADMIN' })
  })
})
