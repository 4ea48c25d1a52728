import { withOrg } from '@/lib/auth/with-org'
import { config } from '@/lib/config/env'
import { prisma } from '@/lib/db/client'
import { mailer } from '@/lib/mail/mailer'
import { inviteMember, inviteMemberSchema, listInvitations } from '@/lib/team/invitations'
import { listMembers } from '@/lib/team/members'

export const GET = withOrg({}, async ({ db, user }) =>
  Response.json({ members: await listMembers(db), invitations: user.role === 'AGENT' ? [] : await listInvitations(db) }),
)

// Adding a member is inviting them: they choose their own password through the mailed link.
export const POST = withOrg({ roles: ['OWNER', 'ADMIN'], body: inviteMemberSchema }, async ({ db, user, body, organizationId }) => {
  const invitation = await inviteMember(db, user, body, { accounts: prisma(), mailer: mailer(), organizationId, publicUrl: config().publicUrl })
  return Response.json({ invitation }, { status: 201 })
})

