import { ComingSoon } from '@/components/shell/coming-soon'

export const metadata = { title: 'Settings' }

export default function SettingsPage() {
  return (
    <ComingSoon
      title="Settings"
      description="Your organization’s defaults: greeting, voice, AI receptionist and recording."
      plans={['Set the default greeting and voice', 'Write the AI receptionist’s instructions', 'Configure call recording and its disclosure']}
    />
  )
}
