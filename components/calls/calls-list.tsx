'use client'

import Link from 'next/link'
import { useInfiniteQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { callsApi, formatDuration, formatUsd, LIVE_STATUSES, type CallFilters } from './calls-api'

const STATUSES = ['queued', 'initiated', 'ringing', 'in-progress', 'completed', 'busy', 'no-answer', 'failed', 'canceled']
const HANDLERS = ['ai', 'agent', 'queue', 'voicemail', 'message']

const select = 'rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm'

export function CallsList() {
  const [filters, setFilters] = useState<CallFilters>({})
  const calls = useInfiniteQuery({
    queryKey: ['calls', filters],
    queryFn: ({ pageParam }) => callsApi.list(filters, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    // While a call is in progress the list follows it; otherwise it checks for new calls now and then.
    refetchInterval: (query) => (query.state.data?.pages.some((page) => page.calls.some((call) => LIVE_STATUSES.includes(call.status))) ? 2000 : 10_000),
  })
  const set = (key: keyof CallFilters) => (event: { target: { value: string } }) => setFilters((current) => ({ ...current, [key]: event.target.value || undefined }))
  const rows = calls.data?.pages.flatMap((page) => page.calls) ?? []

  return (
    <div className="space-y-4">
      <form className="flex flex-wrap items-end gap-3" aria-label="Filter calls" onSubmit={(event) => event.preventDefault()}>
        <label className="text-xs font-medium text-slate-600">
          Search
          <input type="search" aria-label="Search calls" placeholder="Words said, or a number" className={`${select} mt-1 block w-56`} value={filters.q ?? ''} onChange={set('q')} />
        </label>
        <label className="text-xs font-medium text-slate-600">
          Direction
          <select aria-label="Direction" className={`${select} mt-1 block`} value={filters.direction ?? ''} onChange={set('direction')}>
            <option value="">Any</option>
            <option value="inbound">Inbound</option>
            <option value="outbound">Outbound</option>
          </select>
        </label>
        <label className="text-xs font-medium text-slate-600">
          Status
          <select aria-label="Status" className={`${select} mt-1 block`} value={filters.status ?? ''} onChange={set('status')}>
            <option value="">Any</option>
            {STATUSES.map((status) => <option key={status} value={status}>{status}</option>)}
          </select>
        </label>
        <label className="text-xs font-medium text-slate-600">
          Handled by
          <select aria-label="Handled by" className={`${select} mt-1 block`} value={filters.handler ?? ''} onChange={set('handler')}>
            <option value="">Any</option>
            {HANDLERS.map((handler) => <option key={handler} value={handler}>{handler}</option>)}
          </select>
        </label>
        <label className="text-xs font-medium text-slate-600">
          From
          <input type="date" aria-label="From date" className={`${select} mt-1 block`} value={filters.from ?? ''} onChange={set('from')} />
        </label>
        <label className="text-xs font-medium text-slate-600">
          Until
          <input type="date" aria-label="Until date" className={`${select} mt-1 block`} value={filters.to ?? ''} onChange={set('to')} />
        </label>
      </form>
      {calls.error && <Alert>{calls.error.message}</Alert>}
      <div className="overflow-hidden rounded-2xl border border-slate-200 bg-white shadow-sm">
        <table className="w-full text-left text-sm">
          <thead className="bg-slate-50 text-xs uppercase tracking-wider text-slate-500">
            <tr>
              <th className="px-4 py-3 font-semibold">Started</th>
              <th className="px-4 py-3 font-semibold">From → To</th>
              <th className="px-4 py-3 font-semibold">Status</th>
              <th className="px-4 py-3 font-semibold">Handled by</th>
              <th className="px-4 py-3 font-semibold">Duration</th>
              <th className="px-4 py-3 font-semibold">Cost</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((call) => (
              <tr key={call.id} data-testid="call-row">
                <td className="px-4 py-3 text-slate-600">
                  <Link className="font-medium text-brand-700 hover:underline" href={`/calls/${call.id}`}>
                    {new Date(call.startedAt).toLocaleString()}
                  </Link>
                </td>
                <td className="px-4 py-3">
                  <span className="font-mono text-xs">{call.fromNumber}</span> → <span className="font-mono text-xs">{call.toNumber}</span>
                  <span className="ml-2 text-xs text-slate-400">{call.direction}</span>
                </td>
                <td className="px-4 py-3" data-testid="call-status">{call.status}</td>
                <td className="px-4 py-3">{call.handledBy ?? '—'}</td>
                <td className="px-4 py-3">{formatDuration(call.durationSeconds)}</td>
                <td className="px-4 py-3">{formatUsd(call.costUsd)}</td>
              </tr>
            ))}
            {rows.length === 0 && !calls.isPending && (
              <tr>
                <td colSpan={6} className="px-4 py-8 text-center text-slate-500">No calls yet.</td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      {calls.hasNextPage && (
        <Button variant="secondary" onClick={() => calls.fetchNextPage()} disabled={calls.isFetchingNextPage}>
          Load more
        </Button>
      )}
    </div>
  )
}
