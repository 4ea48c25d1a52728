import { withOrg } from '@/lib/auth/with-org'
import { endTestCall } from '@/lib/receptionist/test-call'

// The test call's simulated caller hangs up (sandbox mode only; 409 otherwise).
export const DELETE = withOrg<undefined, { id: string }>({ roles: ['OWNER', 'ADMIN'] }, async ({ db, params }) => {
  await endTestCall(db, params.id)
  return new Response(null, { status: 204 })
})
