'use client'

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { call } from '@/components/api/client'
import { Button } from '@/components/ui/button'

// The dashboard's live view of the provisioning job: it polls GET /api/organization while the job
// is pending, and offers Retry (POST /api/organization/provisioning/retry) to OWNER/ADMIN on failure.

type Status = 'PENDING' | 'READY' | 'FAILED'
type Step = 'SUBACCOUNT' | 'APPLICATION' | 'API_KEY' | 'DONE'
export interface ProvisioningState {
  provisioningStatus: Status
  provisioningStep: Step
  provisioningError: string | null
}

const LABELS = {
  READY: { text: 'Phone system ready', tone: 'border-emerald-200 bg-emerald-50 text-emerald-800' },
  PENDING: { text: 'Setting up your phone system…', tone: 'border-amber-200 bg-amber-50 text-amber-800' },
  FAILED: { text: 'Phone system setup failed', tone: 'border-red-200 bg-red-50 text-red-800' },
} as const

const STEPS: { step: Step; label: string }[] = [
  { step: 'SUBACCOUNT', label: 'Twilio account' },
  { step: 'APPLICATION', label: 'Voice app' },
  { step: 'API_KEY', label: 'Softphone key' },
]

const fetchState = () => call<{ organization: ProvisioningState }>('/api/organization').then((body) => body.organization)

export function ProvisioningStatus({ initial, canRetry }: { initial: ProvisioningState; canRetry: boolean }) {
  const queryClient = useQueryClient()
  const { data = initial } = useQuery({
    queryKey: ['organization'],
    queryFn: fetchState,
    initialData: initial,
    refetchInterval: (query) => (query.state.data?.provisioningStatus === 'PENDING' ? 1500 : false),
  })
  const retry = useMutation({
    mutationFn: () => call<{ organization: ProvisioningState }>('/api/organization/provisioning/retry', { method: 'POST' }),
    onSuccess: (body) => queryClient.setQueryData(['organization'], body.organization),
  })
  const label = LABELS[data.provisioningStatus]
  const reached = STEPS.findIndex(({ step }) => step === data.provisioningStep)
  return (
    <div role="status" data-testid="provisioning-status" className={`mb-6 rounded-2xl border px-5 py-4 text-sm ${label.tone}`}>
      <p className="font-semibold">{label.text}</p>
      {data.provisioningStatus === 'READY' ? (
        <p className="mt-0.5">Your Twilio account, voice app and softphone key are set up.</p>
      ) : (
        <ol className="mt-2 flex flex-wrap gap-3" aria-label="Setup steps">
          {STEPS.map(({ step, label: stepLabel }, index) => (
            <li key={step} aria-current={index === reached ? 'step' : undefined} className={index < reached ? 'font-medium' : index === reached ? 'font-semibold underline' : 'opacity-60'}>
              {index < reached ? '✓ ' : ''}
              {stepLabel}
            </li>
          ))}
        </ol>
      )}
      {data.provisioningError && data.provisioningStatus !== 'READY' && <p className="mt-2">{data.provisioningError}</p>}
      {retry.error && <p className="mt-2">{retry.error.message}</p>}
      {data.provisioningStatus === 'FAILED' && canRetry && (
        <Button className="mt-3" variant="secondary" disabled={retry.isPending} onClick={() => retry.mutate()}>
          {retry.isPending ? 'Retrying…' : 'Retry'}
        </Button>
      )}
    </div>
  )
}
