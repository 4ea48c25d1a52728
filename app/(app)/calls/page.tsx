import { CallsList } from '@/components/calls/calls-list'
import { PageHeader } from '@/components/shell/page-header'

export const metadata = { title: 'Calls' }

export default function CallsPage() {
  return (
    <>
      <PageHeader title="Calls" description="Every call to and from your numbers: who answered, how long, what it cost. Live calls update as they happen." />
      <CallsList />
    </>
  )
}
