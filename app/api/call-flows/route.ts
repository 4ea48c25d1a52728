import { withOrg } from '@/lib/auth/with-org'
import { createCallFlow, listCallFlows } from '@/lib/call-flows/call-flows'
import { callFlowBodySchema } from '@/lib/call-flows/flow-schema'

export const GET = withOrg({}, async ({ db }) => Response.json({ callFlows: await listCallFlows(db) }))

export const POST = withOrg({ roles: ['OWNER', 'ADMIN'], body: callFlowBodySchema }, async ({ db, user, organizationId, body }) =>
  Response.json({ callFlow: await createCallFlow(db, user.id, organizationId, body) }, { status: 201 }),
)
