import { withOrg } from '@/lib/auth/with-org'
import { cancelTransfer } from '@/lib/softphone/bridge'

// A warm transfer called off: the second party is dropped and the caller is back with the agent.
export const POST = withOrg<undefined, { callSid: string }>({}, async ({ db, organizationId, user, params }) => Response.json(await cancelTransfer(db, organizationId, user.id, params.callSid)))
