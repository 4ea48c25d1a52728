import { withOrg } from '@/lib/auth/with-org'
import { deleteSchedule, getSchedule, replaceSchedule, scheduleBodySchema } from '@/lib/routing/schedules'

type Params = { id: string }

export const GET = withOrg<undefined, Params>({}, async ({ db, params }) => Response.json({ schedule: await getSchedule(db, params.id) }))

export const PUT = withOrg<typeof scheduleBodySchema, Params>({ roles: ['OWNER', 'ADMIN'], body: scheduleBodySchema }, async ({ db, params, body }) =>
  Response.json({ schedule: await replaceSchedule(db, params.id, body) }),
)

export const DELETE = withOrg<undefined, Params>({ roles: ['OWNER', 'ADMIN'] }, async ({ db, params }) => {
  await deleteSchedule(db, params.id)
  return new Response(null, { status: 204 })
})
