import { QueuesView } from '@/components/queues/queues-view'
import { PageHeader } from '@/components/shell/page-header'

export const metadata = { title: 'Queues' }

export default function QueuesPage() {
  return (
    <>
      <PageHeader title="Queues" description="Callers waiting for the team, live. Take the next one, or a caller you choose: your softphone rings." />
      <QueuesView />
    </>
  )
}
