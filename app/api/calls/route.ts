import { withOrg } from '@/lib/auth/with-org'
import { callFiltersSchema, listCalls } from '@/lib/calls/call-log'
import { parseSearchParams } from '@/lib/http/problem'

export const GET = withOrg({}, async ({ db, request }) => Response.json(await listCalls(db, parseSearchParams(request, callFiltersSchema))))
