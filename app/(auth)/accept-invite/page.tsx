import Link from 'next/link'
import { AcceptInviteForm } from '@/components/auth/accept-invite-form'
import { Alert } from '@/components/ui/alert'
import { prisma } from '@/lib/db/client'
import { describeInvitation } from '@/lib/team/invitations'

export const metadata = { title: 'Accept your invitation' }

export default async function AcceptInvitePage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token = '' } = await searchParams
  const invitation = token ? await describeInvitation(prisma(), token) : null
  if (!invitation) {
    return (
      <div className="space-y-5">
        <h1 className="text-2xl font-semibold tracking-tight">This invitation no longer works</h1>
        <Alert>It has expired, was already used or was withdrawn. Ask whoever invited you to send a new one.</Alert>
        <Link href="/login" className="text-sm font-medium text-brand-600 hover:underline">
          Sign in
        </Link>
      </div>
    )
  }
  return <AcceptInviteForm token={token} invitation={invitation} />
}
