import { withOrg } from '@/lib/auth/with-org'
import { parseQuery } from '@/lib/http/query'
import { listRecordings, recordingQuerySchema } from '@/lib/recordings/catalog'

export const GET = withOrg({}, async ({ db, user, request }) => Response.json(await listRecordings(db, user, parseQuery(request, recordingQuerySchema))))
