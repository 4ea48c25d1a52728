import Link from 'next/link'
import { CallDetailView } from '@/components/calls/call-detail'
import { PageHeader } from '@/components/shell/page-header'

export const metadata = { title: 'Call' }

export default async function CallPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params
  return (
    <>
      <PageHeader title="Call" description="What happened on this call, webhook by webhook." actions={<Link className="text-sm text-brand-700 hover:underline" href="/calls">← All calls</Link>} />
      <CallDetailView id={id} />
    </>
  )
}
