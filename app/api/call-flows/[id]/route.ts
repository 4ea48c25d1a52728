import { withOrg } from '@/lib/auth/with-org'
import { deleteCallFlow, getCallFlow, updateCallFlow } from '@/lib/call-flows/call-flows'
import { callFlowBodySchema } from '@/lib/call-flows/flow-schema'

type Params = { id: string }

export const GET = withOrg<undefined, Params>({}, async ({ db, params }) => Response.json({ callFlow: await getCallFlow(db, params.id) }))

export const PUT = withOrg<typeof callFlowBodySchema, Params>({ roles: ['OWNER', 'ADMIN'], body: callFlowBodySchema }, async ({ db, user, organizationId, body, params }) =>
  Response.json({ callFlow: await updateCallFlow(db, user.id, organizationId, params.id, body) }),
)

export const DELETE = withOrg<undefined, Params>({ roles: ['OWNER', 'ADMIN'] }, async ({ db, user, params }) => {
  await deleteCallFlow(db, user.id, params.id)
  return new Response(null, { status: 204 })
})
