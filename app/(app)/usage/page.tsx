import { PageHeader } from '@/components/shell/page-header'
import { UsageView } from '@/components/usage/usage-view'

export const metadata = { title: 'Usage' }

export default function UsagePage() {
  return (
    <>
      <PageHeader title="Usage" description="Call minutes and costs by day and by number: telephony beside the AI receptionist, and how fast the receptionist answers." />
      <UsageView />
    </>
  )
}
