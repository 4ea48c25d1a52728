import { withOrg } from '@/lib/auth/with-org'
import { getCall } from '@/lib/calls/call-log'

export const GET = withOrg<undefined, { id: string }>({}, async ({ db, params }) => Response.json(await getCall(db, params.id)))
