import { withOrg } from '@/lib/auth/with-org'
import { prisma } from '@/lib/db/client'
import { retryProvisioning } from '@/lib/organization/organization'

export const POST = withOrg({ roles: ['OWNER', 'ADMIN'] }, async ({ db, user, organizationId }) =>
  Response.json({ organization: await retryProvisioning(prisma(), db, user.id, organizationId) }, { status: 202 }),
)
