import { withOrg } from '@/lib/auth/with-org'
import { holdCall, holdSchema } from '@/lib/softphone/bridge'

// { hold: true } puts the caller on hold (they hear the hold music); { hold: false } brings them back.
export const POST = withOrg<typeof holdSchema, { callSid: string }>({ body: holdSchema }, async ({ db, organizationId, user, params, body }) =>
  Response.json(await holdCall(db, organizationId, user.id, params.callSid, body.hold)),
)
