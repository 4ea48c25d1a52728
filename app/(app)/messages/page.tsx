import { MessagesList } from '@/components/messages/messages-list'
import { PageHeader } from '@/components/shell/page-header'

export const metadata = { title: 'Messages' }

export default function MessagesPage() {
  return (
    <>
      <PageHeader title="Messages" description="Messages the AI receptionist took for the team, and calls it could not answer, to call back. Mark each handled once it is dealt with." />
      <MessagesList />
    </>
  )
}
