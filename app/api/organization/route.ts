import { withOrg } from '@/lib/auth/with-org'
import { prisma } from '@/lib/db/client'
import { organizationSummary } from '@/lib/organization/organization'

export const GET = withOrg({}, async ({ organizationId }) => Response.json({ organization: await organizationSummary(prisma(), organizationId) }))
