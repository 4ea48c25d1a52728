import { withOrg } from '@/lib/auth/with-org'
import { takeFromQueue, takeSchema } from '@/lib/softphone/bridge'

// An available agent takes the next caller (or the one named by callSid): their softphone rings.
export const POST = withOrg<typeof takeSchema, { id: string }>({ body: takeSchema }, async ({ db, organizationId, user, params, body }) =>
  Response.json(await takeFromQueue(db, organizationId, user.id, params.id, body.callSid), { status: 201 }),
)
