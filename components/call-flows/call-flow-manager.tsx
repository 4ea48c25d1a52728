'use client'

import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { numbersApi } from '@/components/numbers/numbers-api'
import { Button } from '@/components/ui/button'
import { callFlowsApi, type CallFlow, type Directory } from './call-flows-api'
import { CallFlowEditor } from './call-flow-editor'
import { newDraft } from './flow-draft'

/** The organization's call flows: pick one to edit, or start a new one. */
export function CallFlowManager({ initialFlows, directory, canManage }: { initialFlows: CallFlow[]; directory: Directory; canManage: boolean }) {
  const queryClient = useQueryClient()
  const flows = useQuery({ queryKey: ['call-flows'], queryFn: callFlowsApi.list, initialData: initialFlows })
  const numbers = useQuery({
    queryKey: ['numbers'],
    queryFn: async () => (await numbersApi.list()).filter((number) => number.status === 'ACTIVE').map(({ id, phoneNumber, friendlyName, callFlowId }) => ({ id, phoneNumber, friendlyName, callFlowId })),
    initialData: directory.numbers,
  })
  // 'new', a flow id, or nothing chosen.
  const [selected, setSelected] = useState<string | null>(initialFlows[0]?.id ?? null)
  const [editorKey, setEditorKey] = useState(0)
  const current = flows.data.find((flow) => flow.id === selected) ?? null
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['call-flows'] })
  const refreshNumbers = () => Promise.all([refresh(), queryClient.invalidateQueries({ queryKey: ['numbers'] })])
  const open = (id: string | null) => {
    setSelected(id)
    setEditorKey((key) => key + 1)
  }

  return (
    <div className="grid gap-6 lg:grid-cols-[16rem_1fr]">
      <aside className="space-y-2">
        <ul className="space-y-1" aria-label="Call flows">
          {flows.data.map((flow) => (
            <li key={flow.id}>
              <button type="button" onClick={() => open(flow.id)} aria-current={flow.id === selected ? 'true' : undefined} className={`w-full rounded-lg px-3 py-2 text-left text-sm ${flow.id === selected ? 'bg-brand-50 font-semibold text-brand-700' : 'hover:bg-slate-100'}`}>
                {flow.name}
                <span className="block text-xs font-normal text-slate-500">
                  v{flow.version} · {flow.numbers.length ? flow.numbers.map((number) => number.phoneNumber).join(', ') : 'no numbers'}
                </span>
              </button>
            </li>
          ))}
        </ul>
        {flows.data.length === 0 && <p className="text-sm text-slate-500">No call flows yet.</p>}
        {canManage && (
          <Button variant="secondary" type="button" onClick={() => open('new')}>
            New call flow
          </Button>
        )}
      </aside>
      <section className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
        {selected === 'new' || current ? (
          <CallFlowEditor
            key={editorKey}
            flow={current}
            initialDraft={current ? { name: current.name, entry: current.entry, steps: current.steps } : newDraft()}
            directory={{ ...directory, numbers: numbers.data }}
            canManage={canManage}
            onSaved={(flow) => {
              queryClient.setQueryData<CallFlow[]>(['call-flows'], (list = []) => [...list.filter((f) => f.id !== flow.id), flow].sort((a, b) => a.name.localeCompare(b.name)))
              setSelected(flow.id)
            }}
            onDeleted={() => {
              open(null)
              void refreshNumbers()
            }}
            onAssigned={refreshNumbers}
          />
        ) : (
          <p className="text-sm text-slate-600">Choose a call flow, or create one: a phone menu such as “press 1 for sales, 2 for support”, with its own choices outside business hours.</p>
        )}
      </section>
    </div>
  )
}
