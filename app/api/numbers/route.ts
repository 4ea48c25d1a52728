import { withOrg } from '@/lib/auth/with-org'
import { prisma } from '@/lib/db/client'
import { buyNumber, buySchema, listNumbers } from '@/lib/numbers/phone-numbers'
import { appNumberServices } from '@/lib/numbers/twilio-access'

export const GET = withOrg({}, async ({ db, request }) =>
  Response.json({ numbers: await listNumbers(db, { includeReleased: request.nextUrl.searchParams.get('includeReleased') === 'true' }) }),
)

export const POST = withOrg({ roles: ['OWNER', 'ADMIN'], body: buySchema }, async ({ db, user, organizationId, body }) =>
  Response.json({ number: await buyNumber(prisma(), db, { id: user.id, organizationId }, body, appNumberServices()) }, { status: 201 }),
)
