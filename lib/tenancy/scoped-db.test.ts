import { describe, expect, it } from 'vitest'
import { testPrisma } from '@/lib/db/test-database'
import { createOrganization } from '@/lib/testing/factories'
import { scopedDb } from './scoped-db'

describe('organization-scoped database client', () => {
  const db = testPrisma()

  it('cannot read, change or delete another organization’s rows, even by id', async () => {
    const a = await createOrganization(db, 'scope-a')
    const b = await createOrganization(db, 'scope-b')
    const asA = scopedDb(db, a.organizationId)

    expect(await asA.user.findUnique({ where: { id: b.ownerId } })).toBeNull()
    expect(await asA.user.findFirst({ where: { email: b.ownerEmail } })).toBeNull()
    expect((await asA.user.findMany()).map((user) => user.id)).toEqual([a.ownerId])
    expect(await asA.auditLog.count()).toBe(2)
    await expect(asA.user.update({ where: { id: b.ownerId }, data: { name: 'Hijacked' } })).rejects.toMatchObject({ code: 'P2025' })
    await expect(asA.user.delete({ where: { id: b.ownerId } })).rejects.toMatchObject({ code: 'P2025' })
    expect(await asA.user.updateMany({ data: { forwardingNumber: '+15550001111' } })).toEqual({ count: 1 })

    const bOwner = await db.user.findUniqueOrThrow({ where: { id: b.ownerId } })
    expect(bOwner.name).toBe('Owner scope-b')
    expect(bOwner.forwardingNumber).toBeNull()
  })

  it('writes the caller’s organization on create, whatever the input says', async () => {
    const a = await createOrganization(db, 'create-a')
    const b = await createOrganization(db, 'create-b')
    const created = await scopedDb(db, a.organizationId).auditLog.create({
      data: { organizationId: b.organizationId, action: 'test.smuggle', targetType: 'Test' } as never,
    })
    expect(created.organizationId).toBe(a.organizationId)
  })

  it('refuses models that are not tenant-owned', async () => {
    const a = await createOrganization(db, 'refuse')
    await expect(scopedDb(db, a.organizationId).loginAttempt.findMany()).rejects.toThrow('LoginAttempt is not tenant-owned')
  })
})
