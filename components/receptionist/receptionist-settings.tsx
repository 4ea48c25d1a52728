'use client'

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { ApiProblem } from '@/components/api/client'
import { queuesApi, type Queue } from '@/components/numbers/numbers-api'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { receptionistApi, type Agent, type ReceptionistSettings } from './receptionist-api'
import { overridesFrom, SETTING_LABELS } from './settings-draft'
import { SettingsFields } from './settings-fields'

// The AI receptionist's settings for the whole organization, or for one number: a number's form
// shows the settings its calls get, and saving keeps as its own only what differs from the
// organization's (the rest keeps following them).

export interface NumberChoice {
  id: string
  phoneNumber: string
  friendlyName: string
}

const ORGANIZATION = 'organization'

/** The organization's active numbers as a select's options, each by its name and number. */
export function NumberOptions({ numbers }: { numbers: NumberChoice[] }) {
  return numbers.map((choice) => (
    <option key={choice.id} value={choice.id}>
      {choice.friendlyName} ({choice.phoneNumber})
    </option>
  ))
}

export function ReceptionistSettingsEditor({ numbers, initialNumberId, businessName, canEdit, initialAgents, initialQueues }: { numbers: NumberChoice[]; initialNumberId?: string; businessName: string; canEdit: boolean; initialAgents: Agent[]; initialQueues: Queue[] }) {
  const queryClient = useQueryClient()
  const [scope, setScope] = useState(initialNumberId ?? ORGANIZATION)
  const [draft, setDraft] = useState<ReceptionistSettings | null>(null)
  const organization = useQuery({ queryKey: ['ai-settings'], queryFn: receptionistApi.organization })
  const number = useQuery({ queryKey: ['ai-settings', scope], queryFn: () => receptionistApi.number(scope), enabled: scope !== ORGANIZATION })
  const agents = useQuery({ queryKey: ['agents'], queryFn: receptionistApi.agents, initialData: initialAgents })
  const queues = useQuery({ queryKey: ['queues'], queryFn: queuesApi.list, initialData: initialQueues })
  const save = useMutation({
    mutationFn: async (settings: ReceptionistSettings) => {
      if (scope === ORGANIZATION) return void (await receptionistApi.saveOrganization(settings))
      // A number keeps what differs from the organization's settings, so those must be known.
      if (!organization.data) throw new ApiProblem('The settings for all numbers have not loaded yet; try again in a moment.')
      await receptionistApi.saveNumber(scope, overridesFrom(settings, organization.data))
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['ai-settings'] })
      setDraft(null)
    },
  })
  const reset = useMutation({
    mutationFn: () => receptionistApi.saveNumber(scope, {}),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['ai-settings'] })
      setDraft(null)
    },
  })

  const loadError = organization.error ?? number.error
  const saved = scope === ORGANIZATION ? organization.data : number.data?.effective
  const current = draft ?? saved
  const ownSettings = scope === ORGANIZATION ? [] : Object.keys(number.data?.overrides ?? {}).map((key) => SETTING_LABELS[key as keyof ReceptionistSettings] ?? key)
  const fields = save.error instanceof ApiProblem ? save.error.fields : undefined
  const choose = (next: string) => {
    setScope(next)
    setDraft(null)
    save.reset()
  }
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (current) save.mutate(current)
  }

  return (
    <section className="space-y-4" aria-labelledby="ai-settings-heading">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h2 id="ai-settings-heading" className="text-base font-semibold text-slate-900">
          Settings
        </h2>
        <label className="text-sm font-medium text-slate-700">
          Settings for
          <select className="ml-2 rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm" value={scope} onChange={(event) => choose(event.target.value)}>
            <option value={ORGANIZATION}>All numbers</option>
            <NumberOptions numbers={numbers} />
          </select>
        </label>
      </div>
      {loadError && <Alert>{loadError.message}</Alert>}
      {scope !== ORGANIZATION && number.data && (
        <div className="flex flex-wrap items-center justify-between gap-3 rounded-lg border border-slate-200 bg-slate-50 px-4 py-3 text-sm text-slate-700" data-testid="number-overrides">
          <p>{ownSettings.length ? `This number has its own ${ownSettings.join(', ')}; everything else follows All numbers.` : 'This number follows the settings for All numbers. Change anything here to make it this number’s own.'}</p>
          {canEdit && ownSettings.length > 0 && (
            <Button type="button" variant="secondary" onClick={() => reset.mutate()} disabled={reset.isPending}>
              Follow All numbers again
            </Button>
          )}
        </div>
      )}
      {!current && !loadError && <p className="text-sm text-slate-500">Loading…</p>}
      {current && (
        // noValidate: the API is the one judge of the values, and its errors name the fields.
        <form aria-label="AI receptionist settings" noValidate onSubmit={submit} className="space-y-4">
          <fieldset disabled={!canEdit} className="space-y-4">
            <SettingsFields value={current} onChange={setDraft} fields={fields} choices={{ businessName, agents: agents.data, queues: queues.data }} />
          </fieldset>
          {(save.error ?? reset.error) && <Alert>{(save.error ?? reset.error)!.message}</Alert>}
          {save.isSuccess && !draft && <Alert tone="success">Saved. New calls get these settings.</Alert>}
          {canEdit ? (
            <div className="flex gap-2">
              <Button type="submit" disabled={!draft || save.isPending}>
                {save.isPending ? 'Saving…' : 'Save settings'}
              </Button>
              {draft && (
                <Button type="button" variant="secondary" onClick={() => (setDraft(null), save.reset())}>
                  Discard changes
                </Button>
              )}
            </div>
          ) : (
            <p className="text-sm text-slate-500">Only owners and admins change these settings.</p>
          )}
        </form>
      )}
    </section>
  )
}
