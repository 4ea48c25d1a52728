'use client'

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { NumberEditor, type Choices } from './number-editor'
import { numbersApi, type PhoneNumber } from './numbers-api'

/** The organization's numbers with who answers each; OWNER/ADMIN can edit and release. */
export function NumberList({ initialNumbers, choices, canManage, plan }: { initialNumbers: PhoneNumber[]; choices: Choices; canManage: boolean; plan: { name: string; numberLimit: number } }) {
  const queryClient = useQueryClient()
  const numbers = useQuery({ queryKey: ['numbers'], queryFn: numbersApi.list, initialData: initialNumbers })
  const [editing, setEditing] = useState<string | null>(null)
  const [releasing, setReleasing] = useState<string | null>(null)
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['numbers'] })
  const release = useMutation({ mutationFn: numbersApi.release, onSuccess: () => (setReleasing(null), refresh()) })
  const reconcile = useMutation({ mutationFn: numbersApi.reconcile, onSuccess: refresh })

  return (
    <section className="space-y-3" aria-labelledby="numbers-heading">
      <div className="flex items-center justify-between">
        <div>
          <h2 id="numbers-heading" className="text-base font-semibold">
            Your numbers
          </h2>
          <p className="text-sm text-slate-600" data-testid="plan-usage">
            {numbers.data.filter((number) => number.status === 'ACTIVE').length} of {plan.numberLimit} on your {plan.name} plan
          </p>
        </div>
        {canManage && (
          <Button variant="secondary" onClick={() => reconcile.mutate()} disabled={reconcile.isPending}>
            {reconcile.isPending ? 'Checking…' : 'Check with Twilio'}
          </Button>
        )}
      </div>
      {(release.error ?? reconcile.error) && <Alert>{(release.error ?? reconcile.error)!.message}</Alert>}
      {reconcile.data && (
        <Alert tone="success">
          Checked with Twilio: {reconcile.data.result.imported.length} imported, {reconcile.data.result.missing.length} missing.
        </Alert>
      )}
      <div className="overflow-hidden rounded-2xl border border-slate-200 bg-white shadow-sm">
        {numbers.data.length === 0 ? (
          <p className="px-4 py-6 text-sm text-slate-600">No numbers yet. Search above to get your first one.</p>
        ) : (
          <ul className="divide-y divide-slate-100" aria-label="Phone numbers">
            {numbers.data.map((number) => (
              <li key={number.id} data-testid="phone-number">
                <div className="flex flex-wrap items-center justify-between gap-3 px-4 py-3">
                  <div>
                    <p className="font-medium text-slate-900">
                      {number.friendlyName} <span className="font-normal text-slate-500">{number.phoneNumber}</span>
                    </p>
                    <p className="text-sm text-slate-600" data-testid="route-summary">
                      {number.routeSummary}
                    </p>
                    {number.statusNote && <p className="text-xs text-amber-700">{number.statusNote}</p>}
                  </div>
                  {canManage && releasing !== number.id && (
                    <div className="flex gap-2">
                      {number.status === 'ACTIVE' && (
                        <Button variant="secondary" onClick={() => setEditing(editing === number.id ? null : number.id)} aria-label={`Edit ${number.phoneNumber}`}>
                          Edit
                        </Button>
                      )}
                      <Button variant="danger" onClick={() => setReleasing(number.id)} aria-label={`Release ${number.phoneNumber}`}>
                        Release
                      </Button>
                    </div>
                  )}
                  {releasing === number.id && (
                    <div className="flex flex-wrap items-center gap-2" role="group" aria-label="Confirm release">
                      <span className="text-sm text-red-700">Release {number.phoneNumber}? Twilio may give it to someone else.</span>
                      <Button variant="danger" onClick={() => release.mutate(number.id)} disabled={release.isPending}>
                        {release.isPending ? 'Releasing…' : 'Release number'}
                      </Button>
                      <Button variant="secondary" onClick={() => setReleasing(null)}>
                        Keep it
                      </Button>
                    </div>
                  )}
                </div>
                {editing === number.id && <NumberEditor number={number} choices={choices} onDone={() => setEditing(null)} />}
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  )
}
