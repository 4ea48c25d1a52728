import { ComingSoon } from '@/components/shell/coming-soon'

export const metadata = { title: 'Voicemail' }

export default function VoicemailPage() {
  return (
    <ComingSoon
      title="Voicemail"
      description="Messages callers leave after hours or when nobody answers."
      plans={['Listen to voicemails with transcriptions', 'Read messages the AI receptionist took', 'Mark messages as handled']}
    />
  )
}
