import { withOrg } from '@/lib/auth/with-org'
import { prisma } from '@/lib/db/client'
import { configureNumber, configureSchema, getNumber, releaseNumber } from '@/lib/numbers/phone-numbers'
import { appNumberServices } from '@/lib/numbers/twilio-access'

type Params = { id: string }

export const GET = withOrg<undefined, Params>({}, async ({ db, params }) => Response.json({ number: await getNumber(db, params.id) }))

export const PATCH = withOrg<typeof configureSchema, Params>({ roles: ['OWNER', 'ADMIN'], body: configureSchema }, async ({ db, user, organizationId, body, params }) =>
  Response.json({ number: await configureNumber(db, { id: user.id, organizationId }, params.id, body) }),
)

export const DELETE = withOrg<undefined, Params>({ roles: ['OWNER', 'ADMIN'] }, async ({ db, user, organizationId, params }) =>
  Response.json({ number: await releaseNumber(prisma(), db, { id: user.id, organizationId }, params.id, appNumberServices()) }),
)
