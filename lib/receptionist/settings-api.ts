import { recordAudit } from '@/lib/audit/record'
import { prisma } from '@/lib/db/client'
import { Prisma } from '@/lib/generated/prisma/client'
import { conflict, notFound } from '@/lib/http/problem'
import type { ScopedDb } from '@/lib/tenancy/scoped-db'
import { effectiveSettings, numberColumns, numberOverrides, organizationColumns, organizationSettings, type ReceptionistSettings, type SettingsOverrides } from './settings'

// GET|PUT /api/ai-settings and /api/numbers/{id}/ai-settings: the receptionist's settings, each
// change audited with what it was before, the change and its entry in one transaction.

const organizationFields = { name: true, defaultGreeting: true, defaultVoice: true, aiInstructions: true, aiSettings: true } as const
const numberFields = { id: true, status: true, greeting: true, voice: true, aiSettings: true } as const

interface Actor {
  id: string
  organizationId: string
}

const json = (value: unknown) => value as Prisma.InputJsonValue

// The organization row is not tenant-scoped (it is the tenant): it is read and written by the
// signed-in user's own organizationId, never by an id from the request.
const ownOrganization = (organizationId: string) => prisma().organization.findUniqueOrThrow({ where: { id: organizationId }, select: organizationFields })

export async function readOrganizationSettings(organizationId: string): Promise<ReceptionistSettings> {
  return organizationSettings(await ownOrganization(organizationId))
}

export async function writeOrganizationSettings(actor: Actor, settings: ReceptionistSettings): Promise<ReceptionistSettings> {
  const columns = organizationColumns(settings)
  await prisma().$transaction(async (tx) => {
    const before = organizationSettings(await tx.organization.findUniqueOrThrow({ where: { id: actor.organizationId }, select: organizationFields }))
    await tx.organization.update({ where: { id: actor.organizationId }, data: { ...columns, aiSettings: json(columns.aiSettings) } })
    await tx.auditLog.create({
      data: { organizationId: actor.organizationId, actorUserId: actor.id, action: 'ai-settings.changed', targetType: 'Organization', targetId: actor.organizationId, metadata: json({ before, after: settings }) },
    })
  })
  return readOrganizationSettings(actor.organizationId)
}

async function findActiveNumber(db: Pick<ScopedDb, 'phoneNumber'>, numberId: string) {
  const number = await db.phoneNumber.findFirst({ where: { id: numberId }, select: numberFields })
  if (!number) throw notFound('No such number.')
  return number
}

export async function readNumberSettings(db: ScopedDb, organizationId: string, numberId: string) {
  const [number, organization] = await Promise.all([findActiveNumber(db, numberId), ownOrganization(organizationId)])
  return { overrides: numberOverrides(number), effective: effectiveSettings(organization, number) }
}

export async function writeNumberSettings(db: ScopedDb, actor: Actor, numberId: string, overrides: SettingsOverrides) {
  await db.$transaction(async (tx) => {
    const before = await findActiveNumber(tx, numberId)
    if (before.status !== 'ACTIVE') throw conflict('This number was released; it can no longer be configured.')
    const columns = numberColumns(overrides)
    await tx.phoneNumber.update({ where: { id: numberId }, data: { ...columns, aiSettings: columns.aiSettings === null ? Prisma.DbNull : json(columns.aiSettings) } })
    await recordAudit(tx, { actorUserId: actor.id, action: 'number.ai-settings.changed', targetType: 'PhoneNumber', targetId: numberId, metadata: json({ before: numberOverrides(before), after: overrides }) })
  })
  return readNumberSettings(db, actor.organizationId, numberId)
}
