import { withOrg } from '@/lib/auth/with-org'
import { prisma } from '@/lib/db/client'
import { reconcileNumbers } from '@/lib/numbers/reconcile'
import { appNumberServices } from '@/lib/numbers/twilio-access'

export const POST = withOrg({ roles: ['OWNER', 'ADMIN'] }, async ({ user, organizationId }) =>
  Response.json({ result: await reconcileNumbers(prisma(), organizationId, appNumberServices(), user.id) }),
)
