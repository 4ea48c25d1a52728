'use client'

import { useMutation } from '@tanstack/react-query'
import { useMemo, useState } from 'react'
import { ApiProblem } from '@/components/api/client'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Field } from '@/components/ui/field'
import { callFlowsApi, type CallFlow, type Directory, type FlowDraft } from './call-flows-api'
import { freshId, menuOwners, pruned, withStep } from './flow-draft'
import { TargetEditor, type TreeProps } from './target-editor'

// One flow: its name, the open-hours tree (and a closed-hours one if wanted), save with the
// server's validation shown where it applies, and the numbers that run it.

export function CallFlowEditor({ flow, initialDraft, directory, canManage, onSaved, onDeleted, onAssigned }: {
  flow: CallFlow | null
  initialDraft: FlowDraft
  directory: Directory
  canManage: boolean
  onSaved: (flow: CallFlow) => void
  onDeleted: () => void
  onAssigned: () => Promise<unknown>
}) {
  const [draft, setDraft] = useState(initialDraft)
  const [problem, setProblem] = useState<{ message: string; fields: Record<string, string> } | null>(null)
  const [saved, setSaved] = useState(false)
  const update = (change: (draft: FlowDraft) => FlowDraft) => {
    setSaved(false)
    setDraft(change)
  }
  const owners = useMemo(() => menuOwners(draft), [draft])
  const tree: TreeProps = { draft, update, directory, owners, errors: problem?.fields ?? {}, readOnly: !canManage }
  const fail = (error: Error) => setProblem({ message: error.message, fields: error instanceof ApiProblem ? (error.fields ?? {}) : {} })

  const save = useMutation({
    mutationFn: () => (flow ? callFlowsApi.save(flow.id, pruned(draft)) : callFlowsApi.create(pruned(draft))),
    onSuccess: (result) => {
      setProblem(null)
      setSaved(true)
      onSaved(result)
    },
    onError: fail,
  })
  const remove = useMutation({ mutationFn: () => callFlowsApi.remove(flow!.id), onSuccess: onDeleted, onError: fail })
  const assign = useMutation({ mutationFn: ({ numberId, on }: { numberId: string; on: boolean }) => callFlowsApi.assign(numberId, on ? flow!.id : null), onSuccess: () => onAssigned(), onError: fail })
  // While a change is on its way the box shows it; the list follows once the numbers are read again.
  const runsHere = (number: Directory['numbers'][number]) => (assign.isPending && assign.variables?.numberId === number.id ? assign.variables.on : number.callFlowId === flow?.id)

  const setClosed = (on: boolean) =>
    update((d) => {
      if (!on) return { ...d, entry: { open: d.entry.open } }
      const id = freshId(d, 'message')
      return { ...withStep(d, id, { kind: 'message', text: 'Thank you for calling. We are closed right now; please call again during business hours. Goodbye.' }), entry: { ...d.entry, closed: id } }
    })

  return (
    <div className="space-y-6" data-testid="call-flow-editor">
      <Field label="Flow name" name="call-flow-name" value={draft.name} disabled={!canManage} error={problem?.fields.name} onChange={(event) => update((d) => ({ ...d, name: event.target.value }))} />
      {problem && (
        <Alert>
          <p className="font-medium">This flow cannot be saved yet: {problem.message}</p>
          {Object.keys(problem.fields).length > 1 && (
            <ul className="mt-1 list-disc pl-5">
              {Object.entries(problem.fields).map(([path, message]) => <li key={path}>{message}</li>)}
            </ul>
          )}
        </Alert>
      )}
      {saved && flow && <Alert tone="success">Saved as version {flow.version}. Calls already in the menu finish on the version they started with.</Alert>}

      <section className="space-y-2" aria-label="During business hours">
        <h3 className="text-sm font-semibold text-slate-800">During business hours, callers go to</h3>
        <TargetEditor tree={tree} target={draft.entry.open} ownerKey="entry.open" where="the open-hours entry" retarget={(d, stepId) => ({ ...d, entry: { ...d.entry, open: stepId } })} />
      </section>

      <section className="space-y-2" aria-label="Outside business hours">
        <label className="flex items-center gap-2 text-sm font-semibold text-slate-800">
          <input type="checkbox" checked={draft.entry.closed !== undefined} disabled={!canManage} onChange={(event) => setClosed(event.target.checked)} />
          Something else outside business hours (otherwise the number’s after-hours setting applies)
        </label>
        {draft.entry.closed !== undefined && (
          <TargetEditor tree={tree} target={draft.entry.closed} ownerKey="entry.closed" where="the closed-hours entry" retarget={(d, stepId) => ({ ...d, entry: { ...d.entry, closed: stepId } })} />
        )}
      </section>

      {canManage && (
        <div className="flex gap-2">
          <Button type="button" onClick={() => save.mutate()} disabled={save.isPending}>
            {flow ? 'Save flow' : 'Create flow'}
          </Button>
          {flow && (
            <Button type="button" variant="danger" onClick={() => remove.mutate()} disabled={remove.isPending}>
              Delete flow
            </Button>
          )}
        </div>
      )}

      {flow && (
        <section className="space-y-2" aria-label="Numbers running this flow">
          <h3 className="text-sm font-semibold text-slate-800">Numbers running this flow</h3>
          {directory.numbers.length === 0 && <p className="text-sm text-slate-500">No numbers yet.</p>}
          <ul className="space-y-1 text-sm">
            {directory.numbers.map((number) => (
              <li key={number.id}>
                <label className="flex items-center gap-2">
                  <input
                    type="checkbox"
                    aria-label={`Run this flow on ${number.phoneNumber}`}
                    checked={runsHere(number)}
                    disabled={!canManage || assign.isPending}
                    onChange={(event) => assign.mutate({ numberId: number.id, on: event.target.checked })}
                  />
                  {number.friendlyName} ({number.phoneNumber}){number.callFlowId && number.callFlowId !== flow.id && <span className="text-slate-500"> — runs another flow</span>}
                </label>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  )
}
