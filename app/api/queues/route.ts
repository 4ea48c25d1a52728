import { withOrg } from '@/lib/auth/with-org'
import { createQueue, listQueues, queueSchema } from '@/lib/queues/queues'

export const GET = withOrg({}, async ({ db }) => Response.json({ queues: await listQueues(db) }))

export const POST = withOrg({ roles: ['OWNER', 'ADMIN'], body: queueSchema }, async ({ db, user, organizationId, body }) =>
  Response.json({ queue: await createQueue(db, user.id, organizationId, body) }, { status: 201 }),
)
