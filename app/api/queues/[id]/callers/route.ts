import { withOrg } from '@/lib/auth/with-org'
import { queueCallers } from '@/lib/softphone/bridge'

// The queue's waiting callers, live from Twilio's Queue Members with our call log.
export const GET = withOrg<undefined, { id: string }>({}, async ({ db, organizationId, params }) => Response.json(await queueCallers(db, organizationId, params.id)))
