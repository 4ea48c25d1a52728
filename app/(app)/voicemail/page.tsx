import { PageHeader } from '@/components/shell/page-header'
import { VoicemailList } from '@/components/voicemail/voicemail-list'

export const metadata = { title: 'Voicemail' }

export default function VoicemailPage() {
  return (
    <>
      <PageHeader title="Voicemail" description="Messages callers left after hours or when nobody could answer, with their transcripts." />
      <VoicemailList />
    </>
  )
}
