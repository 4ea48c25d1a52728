'use client'

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { call as apiCall, ApiProblem } from '@/components/api/client'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { DAYS, ScheduleForm, type ScheduleInput } from './schedule-form'

interface ScheduleView extends ScheduleInput {
  id: string
  status: { open: boolean; until: string | null; summary: string }
}

const api = {
  list: () => apiCall<{ schedules: ScheduleView[] }>('/api/business-hours').then((body) => body.schedules),
  save: (id: string | null, input: ScheduleInput) => apiCall(id ? `/api/business-hours/${id}` : '/api/business-hours', { method: id ? 'PUT' : 'POST', body: JSON.stringify(input) }),
  remove: (id: string) => apiCall(`/api/business-hours/${id}`, { method: 'DELETE' }),
}

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone
const hhmm = (minute: number) => `${String(Math.floor(minute / 60) % 24).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`

export function BusinessHoursEditor({ canEdit }: { canEdit: boolean }) {
  const queryClient = useQueryClient()
  const schedules = useQuery({ queryKey: ['business-hours'], queryFn: api.list, refetchInterval: 60_000 })
  const [editing, setEditing] = useState<{ id: string | null; input: ScheduleInput } | null>(null)
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['business-hours'] })
  const save = useMutation({ mutationFn: ({ id, input }: { id: string | null; input: ScheduleInput }) => api.save(id, input), onSuccess: () => (setEditing(null), refresh()) })
  const remove = useMutation({ mutationFn: api.remove, onSuccess: refresh })
  const failure = save.error ?? remove.error ?? schedules.error

  return (
    <section className="space-y-4" aria-label="Business hours">
      <div className="flex items-center justify-between">
        <h2 className="text-lg font-semibold text-slate-900">Business hours</h2>
        {canEdit && !editing && (
          <Button onClick={() => setEditing({ id: null, input: { name: 'Main', timeZone: browserZone(), isDefault: (schedules.data ?? []).length === 0, intervals: [1, 2, 3, 4, 5].map((dayOfWeek) => ({ dayOfWeek, startMinute: 540, endMinute: 1020 })), exceptions: [] } })}>
            New schedule
          </Button>
        )}
      </div>
      {failure && <Alert>{failure.message}{failure instanceof ApiProblem && failure.fields ? ` ${Object.values(failure.fields).join(' ')}` : ''}</Alert>}
      {editing && <ScheduleForm key={editing.id ?? 'new'} initial={editing.input} saving={save.isPending} fields={save.error instanceof ApiProblem ? save.error.fields : undefined} onCancel={() => setEditing(null)} onSave={(input) => save.mutate({ id: editing.id, input })} />}
      <ul className="space-y-3">
        {(schedules.data ?? []).map((schedule) => (
          <li key={schedule.id} data-testid="schedule" className="rounded-2xl border border-slate-200 bg-white p-4 shadow-sm">
            <div className="flex flex-wrap items-center justify-between gap-3">
              <div>
                <p className="font-medium text-slate-900">
                  {schedule.name} {schedule.isDefault && <span className="ml-1 rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-600">default</span>}
                </p>
                <p className="text-xs text-slate-500">{schedule.timeZone}</p>
              </div>
              <span data-testid="schedule-status" className={`rounded-full px-3 py-1 text-xs font-semibold ${schedule.status.open ? 'bg-green-100 text-green-800' : 'bg-slate-100 text-slate-700'}`}>
                {schedule.status.summary.replace(/^open/, 'Open now').replace(/^closed/, 'Closed')}
              </span>
            </div>
            <p className="mt-2 text-sm text-slate-600">
              {schedule.intervals.map((i) => `${DAYS[i.dayOfWeek]!.slice(0, 3)} ${hhmm(i.startMinute)}–${hhmm(i.endMinute)}`).join(', ') || 'No weekly hours'}
            </p>
            {schedule.exceptions.length > 0 && <p className="mt-1 text-xs text-slate-500">{schedule.exceptions.map((e) => `${e.date}${e.label ? ` ${e.label}` : ''}: ${e.closed ? 'closed' : `${hhmm(e.startMinute!)}–${hhmm(e.endMinute!)}`}`).join('; ')}</p>}
            {canEdit && (
              <div className="mt-3 flex gap-2">
                <Button variant="secondary" onClick={() => setEditing({ id: schedule.id, input: schedule })}>Edit</Button>
                <Button variant="danger" onClick={() => remove.mutate(schedule.id)}>Delete</Button>
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  )
}
