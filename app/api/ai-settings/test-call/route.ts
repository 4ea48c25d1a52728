import { withOrg } from '@/lib/auth/with-org'
import { placeTestCall, testCallSchema } from '@/lib/receptionist/test-call'

// A simulated call to one of the organization's numbers (sandbox mode only; 409 otherwise).
export const POST = withOrg({ roles: ['OWNER', 'ADMIN'], body: testCallSchema }, async ({ db, body }) => Response.json(await placeTestCall(db, body.phoneNumberId), { status: 201 }))
