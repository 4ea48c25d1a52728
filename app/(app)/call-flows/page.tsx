import type { CallFlow } from '@/components/call-flows/call-flows-api'
import { CallFlowManager } from '@/components/call-flows/call-flow-manager'
import { PageHeader } from '@/components/shell/page-header'
import { requireMember } from '@/lib/auth/session'
import { listCallFlows } from '@/lib/call-flows/call-flows'
import { listNumbers } from '@/lib/numbers/phone-numbers'
import { listQueues } from '@/lib/queues/queues'
import { listMembers } from '@/lib/team/members'

export const metadata = { title: 'Call flows' }

// Server component: the first render has the flows and what they can point at; the editor is a
// client island on the JSON API.
export default async function CallFlowsPage() {
  const { user, db } = await requireMember()
  const [flows, members, queues, numbers] = await Promise.all([listCallFlows(db), listMembers(db), listQueues(db), listNumbers(db)])
  const directory = {
    members: members.map(({ id, name }) => ({ id, name })),
    queues: queues.map(({ id, name }) => ({ id, name })),
    numbers: numbers.filter((number) => number.status === 'ACTIVE').map(({ id, phoneNumber, friendlyName, callFlowId }) => ({ id, phoneNumber, friendlyName, callFlowId })),
  }
  return (
    <>
      <PageHeader title="Call flows" description="Phone menus: callers press a key or say what they need, and go to a person, a queue, the AI receptionist, voicemail or a message." />
      <CallFlowManager initialFlows={JSON.parse(JSON.stringify(flows)) as CallFlow[]} directory={directory} canManage={user.role !== 'AGENT'} />
    </>
  )
}
