'use client'

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Field } from '@/components/ui/field'
import { queuesApi, type Queue } from './numbers-api'

type Member = { id: string; name: string }

function QueueForm({ members, initial, submitLabel, onSubmit, pending }: { members: Member[]; initial: { name: string; memberUserIds: string[] }; submitLabel: string; onSubmit: (input: { name: string; memberUserIds: string[] }) => void; pending: boolean }) {
  const [name, setName] = useState(initial.name)
  const [memberUserIds, setMembers] = useState(initial.memberUserIds)
  const toggle = (id: string) => setMembers((current) => (current.includes(id) ? current.filter((member) => member !== id) : [...current, id]))
  const submit = (event: FormEvent) => {
    event.preventDefault()
    onSubmit({ name, memberUserIds })
  }
  return (
    <form onSubmit={submit} className="space-y-3">
      <Field label="Queue name" name={`queue-name-${initial.name || 'new'}`} value={name} onChange={(event) => setName(event.target.value)} />
      <fieldset className="flex flex-wrap gap-3 text-sm">
        <legend className="mb-1 text-sm font-medium text-slate-700">Members</legend>
        {members.map((member) => (
          <label key={member.id} className="flex items-center gap-1">
            <input type="checkbox" checked={memberUserIds.includes(member.id)} onChange={() => toggle(member.id)} /> {member.name}
          </label>
        ))}
      </fieldset>
      <Button type="submit" disabled={pending}>
        {submitLabel}
      </Button>
    </form>
  )
}

/** Queues numbers can route to: name and members. */
export function QueueManager({ initialQueues, members, canManage }: { initialQueues: Queue[]; members: Member[]; canManage: boolean }) {
  const queryClient = useQueryClient()
  const queues = useQuery({ queryKey: ['queues'], queryFn: queuesApi.list, initialData: initialQueues })
  const [editing, setEditing] = useState<string | null>(null)
  const [formKey, setFormKey] = useState(0)
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['queues'] })
  const create = useMutation({ mutationFn: queuesApi.create, onSuccess: () => (setFormKey((key) => key + 1), refresh()) })
  const update = useMutation({ mutationFn: ({ id, ...input }: { id: string; name: string; memberUserIds: string[] }) => queuesApi.update(id, input), onSuccess: () => (setEditing(null), refresh()) })
  const remove = useMutation({ mutationFn: queuesApi.remove, onSuccess: refresh })
  const failure = create.error ?? update.error ?? remove.error

  return (
    <section className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm" aria-labelledby="queues-heading">
      <h2 id="queues-heading" className="text-base font-semibold">
        Queues
      </h2>
      <p className="mt-1 text-sm text-slate-600">Callers wait in a queue until one of its members answers.</p>
      {failure && <div className="mt-3"><Alert>{failure.message}</Alert></div>}
      <ul className="mt-4 divide-y divide-slate-100" aria-label="Queues">
        {queues.data.map((queue) => (
          <li key={queue.id} className="py-3" data-testid="queue">
            {editing === queue.id ? (
              <QueueForm members={members} initial={queue} submitLabel="Save queue" pending={update.isPending} onSubmit={(input) => update.mutate({ id: queue.id, ...input })} />
            ) : (
              <div className="flex flex-wrap items-center justify-between gap-2">
                <div>
                  <p className="font-medium text-slate-900">{queue.name}</p>
                  <p className="text-xs text-slate-500">{queue.members.map((member) => member.name).join(', ') || 'No members yet'}</p>
                </div>
                {canManage && (
                  <div className="flex gap-2">
                    <Button variant="secondary" onClick={() => setEditing(queue.id)} aria-label={`Edit queue ${queue.name}`}>
                      Edit
                    </Button>
                    <Button variant="danger" onClick={() => remove.mutate(queue.id)} aria-label={`Delete queue ${queue.name}`}>
                      Delete
                    </Button>
                  </div>
                )}
              </div>
            )}
          </li>
        ))}
      </ul>
      {canManage && (
        <div className="mt-4 border-t border-slate-100 pt-4">
          <QueueForm key={formKey} members={members} initial={{ name: '', memberUserIds: [] }} submitLabel="Add queue" pending={create.isPending} onSubmit={(input) => create.mutate(input)} />
        </div>
      )}
    </section>
  )
}
