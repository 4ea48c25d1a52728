import { withOrg } from '@/lib/auth/with-org'
import { availabilitySchema, setAvailability } from '@/lib/agents/availability'

// The signed-in member's own availability for calls.
export const PUT = withOrg({ body: availabilitySchema }, async ({ user, organizationId, body }) => Response.json(await setAvailability(user.id, organizationId, body.status)))
