import { withOrg } from '@/lib/auth/with-org'
import { markMessageHandled, messagePatchSchema } from '@/lib/calls/caller-messages'

// Any member may mark a message handled (or not); each change is audited.
export const PATCH = withOrg<typeof messagePatchSchema, { id: string }>({ body: messagePatchSchema }, async ({ db, user, params, body }) =>
  Response.json({ message: await markMessageHandled(db, user.id, params.id, body.handled) }),
)
