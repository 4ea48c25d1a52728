import { ComingSoon } from '@/components/shell/coming-soon'

export const metadata = { title: 'Calls' }

export default function CallsPage() {
  return (
    <ComingSoon
      title="Calls"
      description="Every inbound and outbound call, with status, duration and cost."
      plans={['See live and past calls with who answered', 'Follow each call’s timeline from Twilio’s status callbacks', 'Track minutes and costs per month']}
    />
  )
}
