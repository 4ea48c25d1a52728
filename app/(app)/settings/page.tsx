import { BusinessHoursEditor } from '@/components/settings/business-hours-editor'
import { RecordingSettingsForm } from '@/components/settings/recording-settings-form'
import { PageHeader } from '@/components/shell/page-header'
import { requireMember } from '@/lib/auth/session'

export const metadata = { title: 'Settings' }

export default async function SettingsPage() {
  const { user } = await requireMember()
  return (
    <>
      <PageHeader title="Settings" description="When your numbers are open. Outside these hours, and on holidays, each number uses its after-hours mode: voicemail, a message, or the AI receptionist." />
      <div className="space-y-10">
        <BusinessHoursEditor canEdit={user.role !== 'AGENT'} />
        <RecordingSettingsForm canEdit={user.role !== 'AGENT'} />
      </div>
    </>
  )
}
