import { readFileSync } from 'node:fs'
import internals from '@prisma/internals'
import { describe, expect, it } from 'vitest'
import { testPrisma } from '@/lib/db/test-database'
import { createOrganization } from '@/lib/testing/factories'
import { TENANT_MODELS } from './scoped-db'

// Tenant safety by construction (DEVELOPERS.md): a row of one organization can only point at rows
// of the same organization, because every reference between tenant-owned models is a composite
// foreign key on (organizationId, id) — PostgreSQL refuses anything else, whatever the code does.
// Read from schema.prisma itself, so a new relation that forgets it fails here.

const { getDMMF } = internals

async function datamodel() {
  return (await getDMMF({ datamodel: readFileSync('prisma/schema.prisma', 'utf8') })).datamodel
}

describe('references between organizations’ rows', () => {
  it('every model with an organizationId is organization-scoped by scopedDb', async () => {
    const { models } = await datamodel()
    const tenantOwned = models.filter((model) => model.fields.some((field) => field.name === 'organizationId')).map((model) => model.name)
    expect([...TENANT_MODELS].sort()).toEqual(tenantOwned.sort())
  })

  it('every relation from one tenant-owned row to another goes through (organizationId, id)', async () => {
    const { models } = await datamodel()
    const tenantOwned = new Set(models.filter((model) => model.fields.some((field) => field.name === 'organizationId')).map((model) => model.name))
    const relations = models.flatMap((model) =>
      model.fields
        .filter((field) => field.kind === 'object' && (field.relationFromFields?.length ?? 0) > 0 && tenantOwned.has(model.name) && tenantOwned.has(field.type))
        .map((field) => ({ relation: `${model.name}.${field.name} → ${field.type}`, from: field.relationFromFields!, to: field.relationToFields! })),
    )
    expect(relations.length).toBeGreaterThan(10)
    const unscoped = relations.filter(({ from, to }) => from[0] !== 'organizationId' || to[0] !== 'organizationId' || to.length !== 2 || to[1] !== 'id')
    expect(unscoped.map(({ relation }) => relation)).toEqual([])
  })

  describe('in the database itself', () => {
    const db = testPrisma()

    it('refuses a row that names another organization’s user, even written without scopedDb', async () => {
      const a = await createOrganization(db, 'refs-a')
      const b = await createOrganization(db, 'refs-b')
      await expect(db.auditLog.create({ data: { organizationId: a.organizationId, actorUserId: b.ownerId, action: 'test.cross', targetType: 'Test' } })).rejects.toMatchObject({ code: 'P2003' })
      await expect(
        db.invitation.create({ data: { organizationId: a.organizationId, invitedById: b.ownerId, email: 'x@example.test', name: 'X', role: 'AGENT', tokenHash: `h-${a.organizationId}`, expiresAt: new Date(Date.now() + 60_000) } }),
      ).rejects.toMatchObject({ code: 'P2003' })
      await expect(db.$executeRawUnsafe('UPDATE "AuditLog" SET "actorUserId" = $1 WHERE "organizationId" = $2', b.ownerId, a.organizationId)).rejects.toThrow(/foreign key/)
    })

    it('keeps the audit trail when its actor is removed: only the actor column is cleared', async () => {
      const org = await createOrganization(db, 'refs-removed')
      const member = await db.user.create({ data: { organizationId: org.organizationId, email: `gone-${org.organizationId}@example.test`, name: 'Gone', passwordHash: 'x', role: 'AGENT', softphoneIdentity: `client-${org.organizationId}` } })
      const entry = await db.auditLog.create({ data: { organizationId: org.organizationId, actorUserId: member.id, action: 'test.before-removal', targetType: 'Test' } })
      await db.user.delete({ where: { id: member.id } })
      expect(await db.auditLog.findUniqueOrThrow({ where: { id: entry.id } })).toMatchObject({ organizationId: org.organizationId, actorUserId: null })
    })
  })
})
