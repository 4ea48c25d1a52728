import { withOrg } from '@/lib/auth/with-org'
import { deleteQueue, queueUpdateSchema, updateQueue } from '@/lib/queues/queues'

type Params = { id: string }

export const PATCH = withOrg<typeof queueUpdateSchema, Params>({ roles: ['OWNER', 'ADMIN'], body: queueUpdateSchema }, async ({ db, user, organizationId, body, params }) =>
  Response.json({ queue: await updateQueue(db, user.id, organizationId, params.id, body) }),
)

export const DELETE = withOrg<undefined, Params>({ roles: ['OWNER', 'ADMIN'] }, async ({ db, user, params }) => {
  await deleteQueue(db, user.id, params.id)
  return new Response(null, { status: 204 })
})
