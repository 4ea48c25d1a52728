'use client'

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { call } from '@/components/api/client'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'

// The organization's recording settings: which calls are recorded, the disclosure, retention.

interface RecordingSettings {
  recordingPolicy: 'ALL' | 'NONE' | 'ON_DEMAND'
  recordingDisclosure: string
  recordingRetentionDays: 30 | 90 | 365 | null
}

const settingsApi = {
  get: () => call<{ settings: RecordingSettings }>('/api/organization/recordings').then((body) => body.settings),
  save: (settings: RecordingSettings) => call<{ settings: RecordingSettings }>('/api/organization/recordings', { method: 'PATCH', body: JSON.stringify(settings) }),
}

export function RecordingSettingsForm({ canEdit }: { canEdit: boolean }) {
  const queryClient = useQueryClient()
  const settings = useQuery({ queryKey: ['recording-settings'], queryFn: settingsApi.get })
  const save = useMutation({ mutationFn: settingsApi.save, onSuccess: () => queryClient.invalidateQueries({ queryKey: ['recording-settings'] }) })
  const [draft, setDraft] = useState<RecordingSettings | null>(null)
  if (settings.error) return <Alert>{settings.error.message}</Alert>
  const current = draft ?? settings.data
  if (!current) return <p className="text-sm text-slate-500">Loading…</p>
  const change = (changes: Partial<RecordingSettings>) => setDraft({ ...current, ...changes })
  const submit = (event: FormEvent) => {
    event.preventDefault()
    save.mutate(current, { onSuccess: () => setDraft(null) })
  }
  const select = 'mt-1 block w-full rounded-lg border border-slate-300 px-3 py-2 text-sm'
  return (
    <form aria-label="Recording settings" className="max-w-xl space-y-4 rounded-2xl border border-slate-200 bg-white p-4 shadow-sm" onSubmit={submit}>
      <h2 className="font-semibold text-slate-900">Call recording</h2>
      {save.error && <Alert>{save.error.message}</Alert>}
      <label className="block text-sm font-medium text-slate-700">
        Record
        <select className={select} disabled={!canEdit} value={current.recordingPolicy} onChange={(event) => change({ recordingPolicy: event.target.value as RecordingSettings['recordingPolicy'] })}>
          <option value="ALL">every call (both sides on separate channels)</option>
          <option value="ON_DEMAND">only when a team member starts it during the call</option>
          <option value="NONE">no calls</option>
        </select>
      </label>
      <label className="block text-sm font-medium text-slate-700">
        Disclosure said before the call when it may be recorded
        <input className={select} disabled={!canEdit} value={current.recordingDisclosure} maxLength={500} onChange={(event) => change({ recordingDisclosure: event.target.value })} />
      </label>
      <label className="block text-sm font-medium text-slate-700">
        Keep recordings
        <select className={select} disabled={!canEdit} value={current.recordingRetentionDays ?? 'keep'} onChange={(event) => change({ recordingRetentionDays: event.target.value === 'keep' ? null : (Number(event.target.value) as 30 | 90 | 365) })}>
          <option value="30">30 days</option>
          <option value="90">90 days</option>
          <option value="365">a year</option>
          <option value="keep">until deleted</option>
        </select>
      </label>
      {canEdit && <Button type="submit" disabled={!draft || save.isPending}>Save recording settings</Button>}
    </form>
  )
}
