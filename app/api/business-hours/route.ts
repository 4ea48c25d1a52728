import { withOrg } from '@/lib/auth/with-org'
import { createSchedule, listSchedules, scheduleBodySchema } from '@/lib/routing/schedules'

export const GET = withOrg({}, async ({ db }) => Response.json({ schedules: await listSchedules(db) }))

export const POST = withOrg({ roles: ['OWNER', 'ADMIN'], body: scheduleBodySchema }, async ({ db, organizationId, body }) =>
  Response.json({ schedule: await createSchedule(db, organizationId, body) }, { status: 201 }),
)
