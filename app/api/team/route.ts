import { withOrg } from '@/lib/auth/with-org'
import { addMember, addMemberSchema, listMembers } from '@/lib/team/members'

export const GET = withOrg({}, async ({ db }) => Response.json({ members: await listMembers(db) }))

export const POST = withOrg({ roles: ['OWNER', 'ADMIN'], body: addMemberSchema }, async ({ db, user, body }) =>
  Response.json({ member: await addMember(db, user, body) }, { status: 201 }),
)
