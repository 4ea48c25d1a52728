'use client'

import Link from 'next/link'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Field } from '@/components/ui/field'
import { REALTIME_VOICES } from '@/lib/numbers/voices'
import { numbersApi, queuesApi, type NumberChanges, type PhoneNumber, type Queue } from './numbers-api'

const select = 'block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm'

export interface Choices {
  members: { id: string; name: string }[]
  queues: Queue[]
  /** The organization's business-hours schedules; the default one applies when a number names none. */
  schedules: { id: string; name: string; isDefault: boolean }[]
}

function Select({ label, name, value, onChange, children }: { label: string; name: string; value: string; onChange: (value: string) => void; children: React.ReactNode }) {
  return (
    <div className="space-y-1">
      <label htmlFor={name} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <select id={name} className={select} value={value} onChange={(event) => onChange(event.target.value)}>
        {children}
      </select>
    </div>
  )
}

/** What a number without its own schedule follows (lib/routing/inbound.ts: the default, else always open). */
function defaultScheduleLabel(schedules: Choices['schedules']): string {
  const organizationDefault = schedules.find((schedule) => schedule.isDefault)
  return organizationDefault ? `Organization default (${organizationDefault.name})` : 'Always open (no schedule)'
}

/** Edits one number's configuration (spec: "Number Configuration"); capabilities are read-only. */
export function NumberEditor({ number, choices, onDone }: { number: PhoneNumber; choices: Choices; onDone: () => void }) {
  const queryClient = useQueryClient()
  // The queue manager on the same page changes the queues; this list follows it.
  const queues = useQuery({ queryKey: ['queues'], queryFn: queuesApi.list, initialData: choices.queues })
  const [draft, setDraft] = useState<NumberChanges>({
    friendlyName: number.friendlyName,
    routeKind: number.routeKind,
    routeUserId: number.routeUserId,
    routeQueueId: number.routeQueueId,
    greeting: number.greeting ?? '',
    voice: number.voice,
    businessHoursId: number.businessHoursId,
    afterHoursMode: number.afterHoursMode,
    afterHoursMessage: number.afterHoursMessage ?? '',
  })
  const save = useMutation({
    mutationFn: () => numbersApi.configure(number.id, draft),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['numbers'] })
      onDone()
    },
  })
  const set = <K extends keyof NumberChanges>(key: K, value: NumberChanges[K]) => setDraft((current) => ({ ...current, [key]: value }))
  const fields = (save.error as { fields?: Record<string, string> } | null)?.fields
  const submit = (event: FormEvent) => {
    event.preventDefault()
    save.mutate()
  }
  const capabilities = (['voice', 'sms', 'mms'] as const).filter((name) => number.capabilities[name]).map((name) => name.toUpperCase())

  return (
    <form onSubmit={submit} className="grid gap-4 border-t border-slate-100 bg-slate-50 px-4 py-4 sm:grid-cols-2" aria-label={`Configure ${number.phoneNumber}`}>
      {save.error && (
        <div className="sm:col-span-2">
          <Alert>{save.error.message}{fields && ` ${Object.values(fields).join(' ')}`}</Alert>
        </div>
      )}
      <Field label="Name" name="friendlyName" value={draft.friendlyName ?? ''} onChange={(event) => set('friendlyName', event.target.value)} error={fields?.friendlyName} />
      <Select label="Calls go to" name="routeKind" value={draft.routeKind ?? 'AI'} onChange={(value) => set('routeKind', value as PhoneNumber['routeKind'])}>
        <option value="AI">AI receptionist</option>
        <option value="USER">A team member</option>
        <option value="QUEUE">A queue</option>
      </Select>
      {draft.routeKind === 'USER' && (
        <Select label="Team member" name="routeUserId" value={draft.routeUserId ?? ''} onChange={(value) => set('routeUserId', value || null)}>
          <option value="">Choose…</option>
          {choices.members.map((member) => (
            <option key={member.id} value={member.id}>
              {member.name}
            </option>
          ))}
        </Select>
      )}
      {draft.routeKind === 'QUEUE' && (
        <Select label="Queue" name="routeQueueId" value={draft.routeQueueId ?? ''} onChange={(value) => set('routeQueueId', value || null)}>
          <option value="">Choose…</option>
          {queues.data.map((queue) => (
            <option key={queue.id} value={queue.id}>
              {queue.name}
            </option>
          ))}
        </Select>
      )}
      <Field label="Greeting" name="greeting" value={draft.greeting ?? ''} onChange={(event) => set('greeting', event.target.value)} hint="Empty uses your organization’s greeting" error={fields?.greeting} />
      <Select label="Voice" name="voice" value={draft.voice ?? ''} onChange={(value) => set('voice', value || null)}>
        <option value="">Organization default</option>
        {REALTIME_VOICES.map((voice) => (
          <option key={voice} value={voice}>
            {voice}
          </option>
        ))}
      </Select>
      <Select label="Business hours" name="businessHoursId" value={draft.businessHoursId ?? ''} onChange={(value) => set('businessHoursId', value || null)}>
        <option value="">{defaultScheduleLabel(choices.schedules)}</option>
        {choices.schedules.map((schedule) => (
          <option key={schedule.id} value={schedule.id}>
            {schedule.name}
          </option>
        ))}
      </Select>
      <Select label="After hours" name="afterHoursMode" value={draft.afterHoursMode ?? 'VOICEMAIL'} onChange={(value) => set('afterHoursMode', value as PhoneNumber['afterHoursMode'])}>
        <option value="VOICEMAIL">Voicemail</option>
        <option value="MESSAGE">Play a message</option>
        <option value="AI">AI receptionist</option>
      </Select>
      {draft.afterHoursMode === 'MESSAGE' && (
        <Field label="After-hours message" name="afterHoursMessage" value={draft.afterHoursMessage ?? ''} onChange={(event) => set('afterHoursMessage', event.target.value)} />
      )}
      <p className="text-sm text-slate-600 sm:col-span-2">Capabilities (set by the carrier): {capabilities.join(' · ') || 'none'}</p>
      <p className="text-sm sm:col-span-2">
        <Link className="font-medium text-brand-700 hover:underline" href={`/receptionist?number=${number.id}`}>
          AI receptionist settings for this number
        </Link>{' '}
        <span className="text-slate-500">(instructions, tools, transfers, how it listens; a test call)</span>
      </p>
      <div className="flex gap-2 sm:col-span-2">
        <Button type="submit" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save'}
        </Button>
        <Button type="button" variant="secondary" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  )
}
