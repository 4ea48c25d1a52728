import { withOrg } from '@/lib/auth/with-org'
import { changeMemberRole, changeRoleSchema, removeMember } from '@/lib/team/members'

type Params = { userId: string }

export const PATCH = withOrg<typeof changeRoleSchema, Params>({ roles: ['OWNER', 'ADMIN'], body: changeRoleSchema }, async ({ db, user, body, params }) =>
  Response.json({ member: await changeMemberRole(db, user, params.userId, body.role) }),
)

export const DELETE = withOrg<undefined, Params>({ roles: ['OWNER', 'ADMIN'] }, async ({ db, user, params }) => {
  await removeMember(db, user, params.userId)
  return new Response(null, { status: 204 })
})
