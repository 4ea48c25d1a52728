import { describe, expect, it } from 'vitest'
import { testPrisma } from '@/lib/db/test-database'
import { createOrganization } from '@/lib/testing/factories'
import { scopedDb } from '@/lib/tenancy/scoped-db'
import { createSchedule, deleteSchedule, getSchedule, listSchedules, replaceSchedule, scheduleBodySchema } from './schedules'

const body = (overrides: Record<string, unknown> = {}) =>
  scheduleBodySchema.parse({
    name: 'Main',
    timeZone: 'America/New_York',
    intervals: [{ dayOfWeek: 1, startMinute: 540, endMinute: 1020 }, { dayOfWeek: 5, startMinute: 1320, endMinute: 120 }],
    exceptions: [{ date: '2026-12-25', closed: true, label: 'Christmas' }, { date: '2026-12-26', closed: false, startMinute: 600, endMinute: 840 }],
    ...overrides,
  })

describe('business-hours schedules', () => {
  const prisma = testPrisma()

  it('creates, reads, replaces and deletes a schedule with its intervals and exceptions, scoped to the organization', async () => {
    const a = await createOrganization(prisma, 'hours-a')
    const b = await createOrganization(prisma, 'hours-b')
    const asA = scopedDb(prisma, a.organizationId)
    const asB = scopedDb(prisma, b.organizationId)
    const created = await createSchedule(asA, a.organizationId, body({ isDefault: true }))
    expect(created).toMatchObject({ name: 'Main', isDefault: true, intervals: [{ dayOfWeek: 1, startMinute: 540, endMinute: 1020 }, { dayOfWeek: 5, startMinute: 1320, endMinute: 120 }] })
    expect(created.exceptions.map((e) => [e.date, e.closed, e.label])).toEqual([['2026-12-25', true, 'Christmas'], ['2026-12-26', false, null]])
    expect(created.status.summary).toMatch(/^(open|closed)/)
    // The rows carry the organization through the composite key.
    expect(await prisma.businessHoursInterval.count({ where: { businessHoursId: created.id, organizationId: a.organizationId } })).toBe(2)

    await expect(getSchedule(asB, created.id)).rejects.toMatchObject({ status: 404 })
    await expect(replaceSchedule(asB, created.id, body({ name: 'Hijacked' }))).rejects.toMatchObject({ status: 404 })
    await expect(deleteSchedule(asB, created.id)).rejects.toMatchObject({ status: 404 })

    const replaced = await replaceSchedule(asA, created.id, body({ name: 'Winter', intervals: [{ dayOfWeek: 2, startMinute: 600, endMinute: 660 }], exceptions: [] }))
    expect(replaced).toMatchObject({ name: 'Winter', intervals: [{ dayOfWeek: 2, startMinute: 600, endMinute: 660 }], exceptions: [] })
    expect(await prisma.businessHoursInterval.count({ where: { businessHoursId: created.id } })).toBe(1)

    // Only one default per organization.
    const second = await createSchedule(asA, a.organizationId, body({ name: 'Second', isDefault: true }))
    expect((await listSchedules(asA)).map((s) => [s.name, s.isDefault])).toEqual([['Second', true], ['Winter', false]])
    await deleteSchedule(asA, second.id)
    expect(await prisma.businessHoursException.count({ where: { businessHoursId: second.id } })).toBe(0)
    expect(await listSchedules(asB)).toEqual([])
  })

  it('an interval cannot be attached to another organization’s schedule, by the schema itself', async () => {
    const a = await createOrganization(prisma, 'hours-fk-a')
    const b = await createOrganization(prisma, 'hours-fk-b')
    const schedule = await createSchedule(scopedDb(prisma, a.organizationId), a.organizationId, body())
    await expect(prisma.businessHoursInterval.create({ data: { organizationId: b.organizationId, businessHoursId: schedule.id, dayOfWeek: 1, startMinute: 0, endMinute: 60 } })).rejects.toThrow()
  })

  it('rejects bad input with a reason per field', () => {
    const result = scheduleBodySchema.safeParse({ name: '', timeZone: 'Mars/Olympus', intervals: [{ dayOfWeek: 7, startMinute: 0, endMinute: 0 }], exceptions: [{ date: '2026-13-01', closed: false }] })
    expect(result.success).toBe(false)
    const paths = result.error!.issues.map((issue) => issue.path.join('.'))
    expect(paths).toEqual(expect.arrayContaining(['name', 'timeZone', 'intervals.0.dayOfWeek', 'exceptions.0.date']))
  })
})
