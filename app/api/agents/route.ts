import { withOrg } from '@/lib/auth/with-org'
import { listAgents } from '@/lib/agents/availability'

// Every member with their availability and whether they are on a call: the softphone's transfer targets.
export const GET = withOrg({}, async ({ db }) => Response.json({ agents: await listAgents(db) }))
