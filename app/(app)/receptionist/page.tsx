import type { Queue } from '@/components/numbers/numbers-api'
import { ReceptionistSettingsEditor } from '@/components/receptionist/receptionist-settings'
import { TestCallPanel } from '@/components/receptionist/test-call-panel'
import { PageHeader } from '@/components/shell/page-header'
import { listAgents } from '@/lib/agents/availability'
import { requireMember } from '@/lib/auth/session'
import { config } from '@/lib/config/env'
import { listNumbers } from '@/lib/numbers/phone-numbers'
import { listQueues } from '@/lib/queues/queues'

export const metadata = { title: 'AI receptionist' }

// Server component: the choices (numbers, people, teams) come with the first render; the settings
// and the test call are client islands over the JSON API.
export default async function ReceptionistPage({ searchParams }: { searchParams: Promise<{ number?: string }> }) {
  const { user, organization, db } = await requireMember()
  const [numbers, agents, queues] = await Promise.all([listNumbers(db), listAgents(db), listQueues(db)])
  const canEdit = user.role !== 'AGENT'
  const active = numbers.filter((number) => number.status === 'ACTIVE').map(({ id, phoneNumber, friendlyName }) => ({ id, phoneNumber, friendlyName }))
  // ?number= (the Numbers page's link) opens that number's settings.
  const { number: requested } = await searchParams
  const chosen = active.find((number) => number.id === requested)?.id
  return (
    <>
      <PageHeader title="AI receptionist" description="How the AI receptionist answers your calls: what it says, what it knows about your business, what it may do, and how it listens." />
      <div className="grid gap-8 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <ReceptionistSettingsEditor key={chosen} numbers={active} initialNumberId={chosen} businessName={organization.name} canEdit={canEdit} initialAgents={agents} initialQueues={JSON.parse(JSON.stringify(queues)) as Queue[]} />
        {canEdit && (
          <div className="lg:sticky lg:top-8 lg:self-start">
            <TestCallPanel key={chosen} numbers={active} initialNumberId={chosen} sandbox={config().twilio.mode === 'sandbox'} />
          </div>
        )}
      </div>
    </>
  )
}
