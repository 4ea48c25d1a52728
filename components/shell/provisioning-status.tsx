const LABELS = {
  READY: { text: 'Phone system ready', detail: 'Your Twilio account, voice app and softphone key are set up.', tone: 'border-emerald-200 bg-emerald-50 text-emerald-800' },
  PENDING: { text: 'Setting up your phone system…', detail: 'This takes a few seconds.', tone: 'border-amber-200 bg-amber-50 text-amber-800' },
  FAILED: { text: 'Phone system setup failed', detail: '', tone: 'border-red-200 bg-red-50 text-red-800' },
} as const

export function ProvisioningStatus({ status, error }: { status: keyof typeof LABELS; error: string | null }) {
  const label = LABELS[status]
  return (
    <div role="status" data-testid="provisioning-status" className={`mb-6 rounded-2xl border px-5 py-4 text-sm ${label.tone}`}>
      <p className="font-semibold">{label.text}</p>
      <p className="mt-0.5">{status === 'FAILED' ? error : label.detail}</p>
    </div>
  )
}
