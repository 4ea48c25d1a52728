import { ComingSoon } from '@/components/shell/coming-soon'

export const metadata = { title: 'Recordings' }

export default function RecordingsPage() {
  return (
    <ComingSoon
      title="Recordings"
      description="Dual-channel call recordings, stored encrypted and played through short-lived links."
      plans={['Play recordings through 15-minute signed links', 'See who listened to what in the audit log', 'Set retention per organization']}
    />
  )
}
