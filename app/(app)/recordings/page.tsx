import { RecordingsBrowser } from '@/components/recordings/recordings-browser'
import { PageHeader } from '@/components/shell/page-header'

export const metadata = { title: 'Recordings' }

export default function RecordingsPage() {
  return (
    <>
      <PageHeader title="Recordings" description="Call recordings, stored encrypted and played through 15-minute links; every play and download is in the audit log." />
      <RecordingsBrowser />
    </>
  )
}
