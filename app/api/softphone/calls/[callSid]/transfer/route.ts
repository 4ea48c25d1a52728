import { withOrg } from '@/lib/auth/with-org'
import { transferCall, transferSchema } from '@/lib/softphone/bridge'

// Cold or warm transfer of the agent's call to a colleague, a queue (cold) or an outside number.
export const POST = withOrg<typeof transferSchema, { callSid: string }>({ body: transferSchema }, async ({ db, organizationId, user, params, body }) =>
  Response.json(await transferCall(db, organizationId, user.id, params.callSid, body)),
)
