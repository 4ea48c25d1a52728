import { withOrg } from '@/lib/auth/with-org'
import { completeTransfer } from '@/lib/softphone/bridge'

// A warm transfer's hand-over: the caller stays with the second party, the agent leaves.
export const POST = withOrg<undefined, { callSid: string }>({}, async ({ db, organizationId, user, params }) => Response.json(await completeTransfer(db, organizationId, user.id, params.callSid)))
