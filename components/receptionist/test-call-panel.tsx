'use client'

import Link from 'next/link'
import { useMutation, useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { CallTranscript } from '@/components/calls/call-transcript'
import { callsApi, LIVE_STATUSES, liveRefetch } from '@/components/calls/calls-api'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { receptionistApi } from './receptionist-api'
import { NumberOptions, type NumberChoice } from './receptionist-settings'

// **Test call**: a simulated caller rings one of the numbers (sandbox mode), hears the greeting and
// asks a question; the panel follows the call's transcript and tool calls live, as the call's page
// does (GET /api/calls/{id}, every two seconds while it lasts), until the caller hangs up.

/** A tool call's outcome as the model was told it (lib/receptionist/run-tool.ts): its result, or why it failed. */
function toolOutcome(outcome: unknown): string {
  const { ok, result, error } = (outcome ?? {}) as { ok?: boolean; result?: unknown; error?: string }
  return ok === false ? `failed: ${error ?? 'no reason given'}` : JSON.stringify(result ?? null)
}

export function TestCallPanel({ numbers, initialNumberId, sandbox }: { numbers: NumberChoice[]; initialNumberId?: string; sandbox: boolean }) {
  const [numberId, setNumberId] = useState(initialNumberId ?? numbers[0]?.id ?? '')
  const place = useMutation({ mutationFn: () => receptionistApi.testCall(numberId) })
  const callId = place.data?.callId
  const detail = useQuery({ queryKey: ['call', callId], queryFn: () => callsApi.get(callId!), enabled: Boolean(callId), refetchInterval: liveRefetch })
  const hangUp = useMutation({ mutationFn: () => receptionistApi.endTestCall(callId!), onSuccess: () => detail.refetch() })
  const live = detail.data ? LIVE_STATUSES.includes(detail.data.call.status) : Boolean(callId)

  if (!sandbox) {
    return (
      <section className="rounded-2xl border border-slate-200 bg-white p-4 text-sm text-slate-600 shadow-sm">
        <h2 className="font-semibold text-slate-900">Test call</h2>
        <p className="mt-1">Call one of your numbers from a phone; the call’s page shows its transcript as you talk.</p>
      </section>
    )
  }
  return (
    <section className="space-y-4 rounded-2xl border border-slate-200 bg-white p-4 shadow-sm" aria-labelledby="test-call-heading">
      <div>
        <h2 id="test-call-heading" className="font-semibold text-slate-900">
          Test call
        </h2>
        <p className="mt-1 text-sm text-slate-600">A simulated caller rings the number, listens to the greeting and asks to book an appointment. The number must be answered by the AI receptionist; save your changes first.</p>
      </div>
      {numbers.length === 0 ? (
        <p className="text-sm text-slate-500">Get a number on the Numbers page first.</p>
      ) : (
        <div className="flex flex-wrap items-end gap-2">
          <label className="text-sm font-medium text-slate-700">
            Number to call
            <select className="mt-1 block rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm" value={numberId} onChange={(event) => setNumberId(event.target.value)} disabled={live && Boolean(callId)}>
              <NumberOptions numbers={numbers} />
            </select>
          </label>
          <Button type="button" onClick={() => (hangUp.reset(), place.mutate())} disabled={place.isPending || (Boolean(callId) && live)}>
            {place.isPending ? 'Calling…' : 'Test call'}
          </Button>
          {callId && live && (
            <Button type="button" variant="danger" onClick={() => hangUp.mutate()} disabled={hangUp.isPending}>
              Hang up
            </Button>
          )}
        </div>
      )}
      {(place.error ?? hangUp.error ?? detail.error) && <Alert>{(place.error ?? hangUp.error ?? detail.error)!.message}</Alert>}
      {callId && (
        <div className="space-y-4" data-testid="test-call">
          <p className="text-sm text-slate-600" data-testid="test-call-status">
            {live ? 'On the line…' : `Ended (${detail.data?.call.status}).`}{' '}
            <Link className="font-medium text-brand-700 hover:underline" href={`/calls/${callId}`}>
              Open the call’s page
            </Link>
          </p>
          <CallTranscript turns={detail.data?.transcript ?? []} live={live} />
          {detail.data && detail.data.toolCalls.length > 0 && (
            <div>
              <h3 className="text-sm font-semibold text-slate-900">Tool calls</h3>
              <ul className="mt-1 space-y-1 text-sm" aria-label="Tool calls">
                {detail.data.toolCalls.map((tool, index) => (
                  <li key={index} data-testid="test-call-tool" className="font-mono text-xs text-slate-700">
                    {tool.name}({JSON.stringify(tool.arguments)}) → {toolOutcome(tool.result)}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </div>
      )}
    </section>
  )
}
