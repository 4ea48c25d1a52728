import { withOrg } from '@/lib/auth/with-org'
import { usageQuerySchema, usageReport } from '@/lib/billing/usage-report'
import { parseSearchParams } from '@/lib/http/problem'

export const GET = withOrg({}, async ({ db, organizationId, request }) => Response.json(await usageReport(db, organizationId, parseSearchParams(request, usageQuerySchema))))
