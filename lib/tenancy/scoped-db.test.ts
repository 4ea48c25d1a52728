import { describe, expect, it } from 'vitest'
import { testPrisma } from '@/lib/db/test-database'
import { createOrganization } from '@/lib/testing/factories'
import { NestedWriteError, scopedDb } from './scoped-db'

describe('organization-scoped database client', () => {
  const db = testPrisma()

  it('cannot read, change or delete another organization’s rows, even by id', async () => {
    const a = await createOrganization(db, 'scope-a')
    const b = await createOrganization(db, 'scope-b')
    const asA = scopedDb(db, a.organizationId)

    expect(await asA.user.findUnique({ where: { id: b.ownerId } })).toBeNull()
    expect(await asA.user.findFirst({ where: { email: b.ownerEmail } })).toBeNull()
    expect((await asA.user.findMany()).map((user) => user.id)).toEqual([a.ownerId])
    expect(await asA.auditLog.count()).toBe(1)
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

  it('refuses writes through a relation, which its filter cannot scope, and keeps JSON columns writable', async () => {
    const a = await createOrganization(db, 'nested-a')
    const b = await createOrganization(db, 'nested-b')
    const asA = scopedDb(db, a.organizationId)
    const number = { e164: '+15550102030', twilioSid: `PN${'0'.repeat(31)}1` }

    // A nested create would write a row (here: a number) with no organization check at all.
    await expect(
      asA.user.update({ where: { id: a.ownerId }, data: { routedNumbers: { create: { ...number, organizationId: b.organizationId } } } } as never),
    ).rejects.toThrow(NestedWriteError)
    // `connect` would point A's audit entry at B's owner.
    await expect(
      asA.auditLog.create({ data: { action: 'test.connect', targetType: 'Test', actor: { connect: { id: b.ownerId } } } as never }),
    ).rejects.toThrow(/AuditLog\.actor: writes through a relation are not organization-scoped/)
    await expect(
      asA.auditLog.upsert({ where: { id: 'none' }, create: { action: 'x', targetType: 'Test' }, update: { actor: { disconnect: true } } } as never),
    ).rejects.toThrow(NestedWriteError)
    expect(await db.phoneNumber.count({ where: { e164: number.e164 } })).toBe(0)
    expect(await db.auditLog.count({ where: { action: 'test.connect' } })).toBe(0)

    const entry = await asA.auditLog.create({ data: { action: 'test.json', targetType: 'Test', metadata: { nested: { ok: true } } } as never })
    expect(entry.metadata).toEqual({ nested: { ok: true } })
  })

  it('refuses models that are not tenant-owned', async () => {
    const a = await createOrganization(db, 'refuse')
    await expect(scopedDb(db, a.organizationId).loginAttempt.findMany()).rejects.toThrow('LoginAttempt is not tenant-owned')
  })
})
