import { withOrg } from '@/lib/auth/with-org'
import { revokeInvitation } from '@/lib/team/invitations'

type Params = { invitationId: string }

export const DELETE = withOrg<undefined, Params>({ roles: ['OWNER', 'ADMIN'] }, async ({ db, user, params }) => {
  await revokeInvitation(db, user, params.invitationId)
  return new Response(null, { status: 204 })
})
