'use client'

// Hold and transfer for the softphone's live call, through the bridged call's controls
// (POST /api/softphone/calls/{callSid}/hold, …/transfer, …/transfer/complete, …/transfer/cancel;
// lib/softphone/bridge.ts). callSid is the agent's own leg as the SDK reports it. The component is
// keyed by that leg, so nothing of one call's hold or transfer survives into the next.

import { useQuery } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { ApiProblem, call as apiCall } from '@/components/api/client'
import { queuesApi } from '@/components/queues/queues-view'
import { checkDialTarget } from '@/lib/softphone/dial-rules'

type Mode = 'cold' | 'warm'
type Target = { type: 'agent'; userId: string } | { type: 'queue'; queueId: string } | { type: 'number'; number: string }
interface Agent {
  id: string
  name: string
  availability: string
  onCall: boolean
}
type Destination = { kind: 'agent'; name: string } | { kind: 'number'; to: string } | { kind: 'queue'; name: string }

const controlUrl = (callSid: string, action: string) => `/api/softphone/calls/${encodeURIComponent(callSid)}/${action}`
const post = <T,>(url: string, body?: unknown) => apiCall<T>(url, { method: 'POST', body: JSON.stringify(body ?? {}) })
const problemText = (error: unknown) => (error instanceof ApiProblem && error.message ? error.message : 'Something went wrong. Please try again.')
const destinationName = (destination: Destination) => (destination.kind === 'number' ? destination.to : destination.name)

export function CallControls({ callSid, outboundCallCountries }: { callSid: string; outboundCallCountries: string[] }) {
  const [held, setHeld] = useState(false)
  const [choosing, setChoosing] = useState(false)
  const [consulting, setConsulting] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)

  async function run(work: () => Promise<void>) {
    setBusy(true)
    setProblem(null)
    try {
      await work()
    } catch (error) {
      setProblem(problemText(error))
    } finally {
      setBusy(false)
    }
  }

  const hold = (next: boolean) => run(async () => setHeld((await post<{ held: boolean }>(controlUrl(callSid, 'hold'), { hold: next })).held))
  const transfer = (mode: Mode, target: Target) =>
    run(async () => {
      const answer = await post<{ transfer: { target: Destination } }>(controlUrl(callSid, 'transfer'), { mode, target })
      setChoosing(false)
      // Cold: the agent's leg ends now and the call card goes with it. Warm: the caller holds while the agents talk.
      if (mode === 'warm') setConsulting(destinationName(answer.transfer.target))
    })
  const finish = (action: 'complete' | 'cancel') =>
    run(async () => {
      await post(controlUrl(callSid, `transfer/${action}`))
      setConsulting(null)
      // Cancel brings the caller back off hold; complete ends this leg.
      setHeld(false)
    })

  return (
    <div className="space-y-2">
      {held && !consulting && (
        <p role="status" data-testid="call-held" className="rounded-md bg-amber-50 px-3 py-1.5 text-xs font-semibold text-amber-800">
          On hold
        </p>
      )}
      {consulting ? (
        <div role="group" aria-label="Warm transfer" className="space-y-2 rounded-md border border-brand-200 bg-brand-50 px-3 py-2">
          <p data-testid="transfer-consulting" className="text-sm text-slate-800">
            Talking to <span className="font-semibold">{consulting}</span> · the caller is on hold
          </p>
          <div className="flex gap-2">
            <button type="button" disabled={busy} onClick={() => void finish('complete')} className="flex-1 rounded-lg bg-emerald-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-emerald-700 disabled:opacity-50">
              Complete transfer
            </button>
            <button type="button" disabled={busy} onClick={() => void finish('cancel')} className="flex-1 rounded-lg border border-slate-300 bg-white px-3 py-1.5 text-sm font-semibold text-slate-700 disabled:opacity-50">
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <div className="flex gap-2">
          <button type="button" disabled={busy} aria-pressed={held} onClick={() => void hold(!held)} className="flex-1 rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm font-semibold text-slate-700 disabled:opacity-50">
            {held ? 'Resume' : 'Hold'}
          </button>
          <button type="button" disabled={busy} aria-expanded={choosing} onClick={() => setChoosing(!choosing)} className="flex-1 rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm font-semibold text-slate-700 disabled:opacity-50">
            Transfer
          </button>
        </div>
      )}
      {choosing && !consulting && <TransferForm busy={busy} outboundCallCountries={outboundCallCountries} onProblem={setProblem} onTransfer={(mode, target) => void transfer(mode, target)} />}
      {problem && (
        <p role="alert" className="text-xs text-red-700">
          {problem}
        </p>
      )}
    </div>
  )
}

function TransferForm({ busy, outboundCallCountries, onProblem, onTransfer }: { busy: boolean; outboundCallCountries: string[]; onProblem: (message: string) => void; onTransfer: (mode: Mode, target: Target) => void }) {
  // Asked afresh each time the form opens: who is free changes during a call.
  const agents = useQuery({ queryKey: ['transfer-agents'], queryFn: () => apiCall<{ agents: Agent[] }>('/api/agents').then((body) => body.agents), refetchOnMount: 'always' })
  const queues = useQuery({ queryKey: ['transfer-queues'], queryFn: queuesApi.list, refetchOnMount: 'always' })
  const [choice, setChoice] = useState('')
  const [number, setNumber] = useState('')
  const [mode, setMode] = useState<Mode>('warm')
  // Routing rings only an available colleague who is not on a call; the server says so too.
  const free = (agents.data ?? []).filter((agent) => agent.availability === 'AVAILABLE' && !agent.onCall)

  function submit(event: FormEvent) {
    event.preventDefault()
    const [kind, id] = choice.split(':')
    if (kind === 'agent' && id) return onTransfer(mode, { type: 'agent', userId: id })
    if (kind === 'queue' && id) {
      if (mode === 'warm') return onProblem('A call can only be sent to a queue with a cold transfer.')
      return onTransfer(mode, { type: 'queue', queueId: id })
    }
    if (kind !== 'number') return onProblem('Choose who to transfer the call to.')
    // The dial pad's rules (lib/softphone/dial-rules.ts), so a bad number is explained before anything is placed.
    const check = checkDialTarget(number, outboundCallCountries)
    if (!check.ok) return onProblem(check.message)
    if (check.target.kind !== 'number') return onProblem('Transfer to a colleague by choosing them, not by their softphone identity.')
    onTransfer(mode, { type: 'number', number: check.target.e164 })
  }

  return (
    <form onSubmit={submit} aria-label="Transfer" className="space-y-2 rounded-md border border-slate-200 px-3 py-2">
      <label className="block text-xs font-medium text-slate-600">
        Transfer to
        <select aria-label="Transfer to" value={choice} onChange={(event) => setChoice(event.target.value)} className="mt-1 w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm">
          <option value="">Choose…</option>
          {free.length > 0 && (
            <optgroup label="Colleagues">
              {free.map((agent) => (
                <option key={agent.id} value={`agent:${agent.id}`}>
                  {agent.name}
                </option>
              ))}
            </optgroup>
          )}
          {(queues.data ?? []).length > 0 && (
            <optgroup label="Queues">
              {queues.data!.map((queue) => (
                <option key={queue.id} value={`queue:${queue.id}`}>
                  {queue.name}
                </option>
              ))}
            </optgroup>
          )}
          <option value="number">An outside number…</option>
        </select>
      </label>
      {agents.isSuccess && free.length === 0 && <p className="text-xs text-slate-500">No colleague is free right now.</p>}
      {choice === 'number' && (
        <label className="block text-xs font-medium text-slate-600">
          Number
          <input aria-label="Transfer number" value={number} onChange={(event) => setNumber(event.target.value)} inputMode="tel" placeholder="+14155550123" className="mt-1 w-full rounded-md border border-slate-300 px-2 py-1.5 font-mono text-sm" />
        </label>
      )}
      <fieldset className="flex gap-3 text-xs text-slate-700">
        <legend className="sr-only">Transfer kind</legend>
        <label className="flex items-center gap-1">
          <input type="radio" name="transfer-mode" checked={mode === 'warm'} onChange={() => setMode('warm')} /> Warm (talk to them first)
        </label>
        <label className="flex items-center gap-1">
          <input type="radio" name="transfer-mode" checked={mode === 'cold'} onChange={() => setMode('cold')} /> Cold
        </label>
      </fieldset>
      <button type="submit" disabled={busy} className="w-full rounded-lg bg-brand-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-brand-700 disabled:opacity-50">
        Transfer the call
      </button>
    </form>
  )
}
