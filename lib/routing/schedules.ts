import { z } from 'zod'
import { notFound } from '@/lib/http/problem'
import type { ScopedDb } from '@/lib/tenancy/scoped-db'
import { isValidTimeZone, scheduleStatus, describeStatus, type Schedule } from './business-hours'

// Business-hours schedules, as the API reads and writes them.

const minute = z.number().int().min(0).max(1440)

const intervalSchema = z
  .object({ dayOfWeek: z.number().int().min(0).max(6), startMinute: minute.max(1439), endMinute: minute.min(1) })
  .refine((i) => i.startMinute !== i.endMinute, { message: 'An interval must not start and end at the same minute.', path: ['endMinute'] })

const exceptionSchema = z
  .object({
    date: z.iso.date(),
    closed: z.boolean(),
    startMinute: minute.max(1439).nullish(),
    endMinute: minute.min(1).nullish(),
    label: z.string().trim().max(100).nullish(),
  })
  .refine((e) => e.closed || (e.startMinute != null && e.endMinute != null && e.startMinute !== e.endMinute), {
    message: 'A special opening needs startMinute and endMinute.',
    path: ['startMinute'],
  })

export const scheduleBodySchema = z
  .object({
    name: z.string().trim().min(1, 'Name the schedule.').max(100),
    timeZone: z.string().refine(isValidTimeZone, 'Use an IANA time zone such as America/New_York.'),
    intervals: z.array(intervalSchema).max(100),
    exceptions: z.array(exceptionSchema).max(400).default([]),
    isDefault: z.boolean().default(false),
  })
  .refine((s) => new Set(s.exceptions.map((e) => e.date)).size === s.exceptions.length, { message: 'Each date may have one exception.', path: ['exceptions'] })
export type ScheduleBody = z.infer<typeof scheduleBodySchema>

const include = {
  intervals: { orderBy: [{ dayOfWeek: 'asc' as const }, { startMinute: 'asc' as const }] },
  exceptions: { orderBy: { date: 'asc' as const } },
}

type Row = Awaited<ReturnType<typeof findSchedule>>

function findSchedule(db: ScopedDb, id: string) {
  return db.businessHours.findUnique({ where: { id }, include })
}

export function scheduleView(row: NonNullable<Row>, now = new Date()) {
  const schedule: Schedule = row
  const status = scheduleStatus(schedule, now)
  return {
    id: row.id,
    name: row.name,
    timeZone: row.timeZone,
    isDefault: row.isDefault,
    intervals: row.intervals.map(({ dayOfWeek, startMinute, endMinute }) => ({ dayOfWeek, startMinute, endMinute })),
    exceptions: row.exceptions.map(({ date, closed, startMinute, endMinute, label }) => ({ date, closed, startMinute, endMinute, label })),
    status: { open: status.open, until: status.until?.toISOString() ?? null, summary: describeStatus(schedule, status, now) },
  }
}

type Tx = Parameters<Parameters<ScopedDb['$transaction']>[0]>[0]

/** The schedule's rows, each written through its own scoped model (no nested writes, see scoped-db.ts). */
async function writeRows(tx: Tx, businessHoursId: string, body: ScheduleBody) {
  await tx.businessHoursInterval.createMany({ data: body.intervals.map((i) => ({ ...i, businessHoursId, organizationId: '' })) })
  await tx.businessHoursException.createMany({ data: body.exceptions.map((e) => ({ ...e, businessHoursId, organizationId: '' })) })
}

export async function listSchedules(db: ScopedDb) {
  const rows = await db.businessHours.findMany({ include, orderBy: [{ isDefault: 'desc' }, { name: 'asc' }] })
  return rows.map((row) => scheduleView(row))
}

export async function getSchedule(db: ScopedDb, id: string) {
  const row = await findSchedule(db, id)
  if (!row) throw notFound('No such schedule.')
  return scheduleView(row)
}

export async function createSchedule(db: ScopedDb, organizationId: string, body: ScheduleBody) {
  const id = await db.$transaction(async (tx) => {
    if (body.isDefault) await tx.businessHours.updateMany({ where: { isDefault: true }, data: { isDefault: false } })
    const row = await tx.businessHours.create({ data: { organizationId, name: body.name, timeZone: body.timeZone, isDefault: body.isDefault } })
    await writeRows(tx, row.id, body)
    return row.id
  })
  return getSchedule(db, id)
}

export async function replaceSchedule(db: ScopedDb, id: string, body: ScheduleBody) {
  // One transaction (no I/O inside): the old intervals and exceptions go and the new ones come together.
  await db.$transaction(async (tx) => {
    const { count } = await tx.businessHours.updateMany({ where: { id }, data: { name: body.name, timeZone: body.timeZone, isDefault: body.isDefault } })
    if (count === 0) throw notFound('No such schedule.')
    if (body.isDefault) await tx.businessHours.updateMany({ where: { isDefault: true, NOT: { id } }, data: { isDefault: false } })
    await tx.businessHoursInterval.deleteMany({ where: { businessHoursId: id } })
    await tx.businessHoursException.deleteMany({ where: { businessHoursId: id } })
    await writeRows(tx, id, body)
  })
  return getSchedule(db, id)
}

export async function deleteSchedule(db: ScopedDb, id: string) {
  const { count } = await db.businessHours.deleteMany({ where: { id } })
  if (count === 0) throw notFound('No such schedule.')
}
