import { withOrg } from '@/lib/auth/with-org'
import { listMessages } from '@/lib/calls/caller-messages'

// Messages the AI receptionist took and "missed — call back" items, newest first.
export const GET = withOrg({}, async ({ db }) => Response.json({ messages: await listMessages(db) }))
