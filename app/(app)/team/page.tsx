import { PageHeader } from '@/components/shell/page-header'
import { TeamManager } from '@/components/team/team-manager'
import { requireMember } from '@/lib/auth/session'
import { listMembers } from '@/lib/team/members'

export const metadata = { title: 'Team' }

export default async function TeamPage() {
  const { user, db } = await requireMember()
  const members = await listMembers(db)
  return (
    <>
      <PageHeader title="Team" description="People who can take calls in the browser and manage your phone system." />
      <TeamManager
        currentUser={{ id: user.id, role: user.role }}
        initialMembers={members.map((member) => ({ ...member, createdAt: member.createdAt.toISOString(), lastLoginAt: member.lastLoginAt?.toISOString() ?? null }))}
      />
    </>
  )
}
