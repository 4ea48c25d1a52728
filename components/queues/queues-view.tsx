'use client'

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { call as apiCall } from '@/components/api/client'
import { formatDuration } from '@/components/calls/calls-api'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import type { queueCallers } from '@/lib/softphone/bridge'

// Each queue's waiting callers, live (Twilio's Queue Members, polled), with Take next / Take: the
// agent's softphone rings, and answering it brings the caller in (POST /api/queues/{id}/take).

type QueueCallers = Awaited<ReturnType<typeof queueCallers>>
type Caller = QueueCallers['callers'][number]

const REFRESH_MS = 3_000

export const queuesApi = {
  list: () => apiCall<{ queues: { id: string; name: string }[] }>('/api/queues').then((body) => body.queues),
  callers: (queueId: string) => apiCall<QueueCallers>(`/api/queues/${queueId}/callers`),
  take: (queueId: string, callSid?: string) => apiCall<{ callSid: string }>(`/api/queues/${queueId}/take`, { method: 'POST', body: JSON.stringify(callSid ? { callSid } : {}) }),
}

export function QueuesView() {
  const queues = useQuery({ queryKey: ['queues'], queryFn: queuesApi.list })
  if (queues.error) return <Alert>{queues.error.message}</Alert>
  if (queues.data?.length === 0) return <p className="text-sm text-slate-500">No queues yet. An owner or admin can create them in Settings.</p>
  return (
    <div className="space-y-4">
      {queues.data?.map((queue) => <QueueCard key={queue.id} queue={queue} />)}
    </div>
  )
}

function QueueCard({ queue }: { queue: { id: string; name: string } }) {
  const queryClient = useQueryClient()
  const [ringing, setRinging] = useState(false)
  const callers = useQuery({ queryKey: ['queue-callers', queue.id], queryFn: () => queuesApi.callers(queue.id), refetchInterval: REFRESH_MS })
  const take = useMutation({
    mutationFn: (callSid?: string) => queuesApi.take(queue.id, callSid),
    onSuccess: () => {
      setRinging(true)
      void queryClient.invalidateQueries({ queryKey: ['queue-callers', queue.id] })
    },
  })
  const waiting = callers.data?.callers ?? []
  return (
    <section data-testid="queue" aria-label={queue.name} className="rounded-2xl border border-slate-200 bg-white p-4 shadow-sm">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 className="text-base font-semibold text-slate-900">
          {queue.name} <span className="text-sm font-normal text-slate-500">{waiting.length === 1 ? '1 caller waiting' : `${waiting.length} callers waiting`}</span>
        </h2>
        <Button onClick={() => take.mutate(undefined)} disabled={waiting.length === 0 || take.isPending}>Take next</Button>
      </div>
      {callers.error && <Alert>{callers.error.message}</Alert>}
      {take.error && <Alert>{take.error.message}</Alert>}
      {ringing && !take.error && <p role="status" className="mt-2 text-sm text-brand-700">Your softphone is ringing: answer it to talk with the caller.</p>}
      {waiting.length > 0 && (
        <table className="mt-3 w-full text-left text-sm">
          <thead className="text-xs uppercase text-slate-500">
            <tr><th className="py-1">#</th><th>Caller</th><th>Called</th><th>Waiting</th><th /></tr>
          </thead>
          <tbody>
            {waiting.map((caller) => <CallerRow key={caller.callSid} caller={caller} onTake={() => take.mutate(caller.callSid)} disabled={take.isPending} />)}
          </tbody>
        </table>
      )}
    </section>
  )
}

function CallerRow({ caller, onTake, disabled }: { caller: Caller; onTake: () => void; disabled: boolean }) {
  return (
    <tr data-testid="queue-caller" className="border-t border-slate-100">
      <td className="py-2">{caller.position}</td>
      <td>{caller.callerNumber ?? 'Unknown'}</td>
      <td>{caller.calledNumber ?? '—'}</td>
      <td>{formatDuration(caller.waitSeconds)}</td>
      <td className="text-right">
        {caller.beingTaken ? <span className="text-xs text-slate-500">Being taken</span> : <Button variant="secondary" onClick={onTake} disabled={disabled}>Take</Button>}
      </td>
    </tr>
  )
}
