import { NumberList } from '@/components/numbers/number-list'
import { NumberSearch } from '@/components/numbers/number-search'
import type { PhoneNumber, Queue } from '@/components/numbers/numbers-api'
import { QueueManager } from '@/components/numbers/queue-manager'
import { PageHeader } from '@/components/shell/page-header'
import { requireMember } from '@/lib/auth/session'
import { prisma } from '@/lib/db/client'
import { listNumbers } from '@/lib/numbers/phone-numbers'
import { organizationSummary } from '@/lib/organization/organization'
import { listQueues } from '@/lib/queues/queues'
import { listSchedules } from '@/lib/routing/schedules'
import { listMembers } from '@/lib/team/members'

export const metadata = { title: 'Numbers' }

// Server component: the first render has the data; client islands (search, list, queues) take
// over with react-query and the JSON API.
export default async function NumbersPage() {
  const { user, organization, db } = await requireMember()
  const [numbers, queues, members, schedules, summary] = await Promise.all([listNumbers(db), listQueues(db), listMembers(db), listSchedules(db), organizationSummary(prisma(), organization.id)])
  const canManage = user.role !== 'AGENT'
  // Dates cross to the client as strings, as they do from the JSON API.
  const plain = <T,>(value: unknown) => JSON.parse(JSON.stringify(value)) as T
  const choices = { members: members.map(({ id, name }) => ({ id, name })), queues: plain<Queue[]>(queues), schedules: schedules.map(({ id, name, isDefault }) => ({ id, name, isDefault })) }
  return (
    <>
      <PageHeader title="Numbers" description="Your business phone numbers and who answers them." />
      <div className="space-y-8">
        {canManage && summary.provisioningStatus === 'READY' && <NumberSearch />}
        {summary.provisioningStatus !== 'READY' && <p className="rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-800">Your phone system is still being set up; you can buy numbers once it is ready.</p>}
        <NumberList initialNumbers={plain<PhoneNumber[]>(numbers)} choices={choices} canManage={canManage} plan={summary.plan} />
        <QueueManager initialQueues={choices.queues} members={choices.members} canManage={canManage} />
      </div>
    </>
  )
}
