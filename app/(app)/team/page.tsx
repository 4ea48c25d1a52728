import { PageHeader } from '@/components/shell/page-header'
import { TeamManager } from '@/components/team/team-manager'
import { requireMember } from '@/lib/auth/session'
import { listInvitations } from '@/lib/team/invitations'
import { listMembers } from '@/lib/team/members'

export const metadata = { title: 'Team' }

export default async function TeamPage() {
  const { user, db } = await requireMember()
  const [members, invitations] = await Promise.all([listMembers(db), user.role === 'AGENT' ? [] : listInvitations(db)])
  return (
    <>
      <PageHeader title="Team" description="People who can take calls in the browser and manage your phone system." />
      <TeamManager
        currentUser={{ id: user.id, role: user.role }}
        initialTeam={{
          members: members.map((member) => ({ ...member, createdAt: member.createdAt.toISOString(), lastLoginAt: member.lastLoginAt?.toISOString() ?? null })),
          invitations: invitations.map((invitation) => ({ ...invitation, createdAt: invitation.createdAt.toISOString(), expiresAt: invitation.expiresAt.toISOString() })),
        }}
      />
    </>
  )
}
