'use client'

import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { call as apiCall, queryString } from '@/components/api/client'
import { formatUsd } from '@/components/calls/calls-api'
import { Alert } from '@/components/ui/alert'
import type { UsageReport } from '@/lib/billing/usage-report'
import { UsageChart } from './usage-chart'

const isoDay = (date: Date) => date.toISOString().slice(0, 10)

export function UsageView() {
  const [range, setRange] = useState(() => ({ from: isoDay(new Date(Date.now() - 29 * 86_400_000)), to: isoDay(new Date()) }))
  const report = useQuery({ queryKey: ['usage', range], queryFn: () => apiCall<UsageReport>(`/api/usage${queryString(range)}`) })
  const input = 'mt-1 block rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm'
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end gap-3">
        <label className="text-xs font-medium text-slate-600">From<input type="date" aria-label="From" className={input} value={range.from} onChange={(e) => setRange((r) => ({ ...r, from: e.target.value }))} /></label>
        <label className="text-xs font-medium text-slate-600">To<input type="date" aria-label="To" className={input} value={range.to} onChange={(e) => setRange((r) => ({ ...r, to: e.target.value }))} /></label>
      </div>
      {report.error && <Alert>{report.error.message}</Alert>}
      {report.data && (
        <>
          <div className="grid gap-4 sm:grid-cols-2">
            <div className="rounded-2xl border border-slate-200 bg-white p-4 shadow-sm">
              <p className="text-xs uppercase tracking-wider text-slate-500">Minutes (billed)</p>
              <p className="mt-1 text-2xl font-semibold text-slate-900" data-testid="usage-minutes">{report.data.totals.minutes}</p>
            </div>
            <div className="rounded-2xl border border-slate-200 bg-white p-4 shadow-sm">
              <p className="text-xs uppercase tracking-wider text-slate-500">Cost</p>
              <p className="mt-1 text-2xl font-semibold text-slate-900" data-testid="usage-cost">{formatUsd(report.data.totals.costUsd)}</p>
            </div>
          </div>
          <UsageChart byDay={report.data.byDay} />
          <table className="w-full overflow-hidden rounded-2xl border border-slate-200 bg-white text-left text-sm shadow-sm">
            <thead className="bg-slate-50 text-xs uppercase tracking-wider text-slate-500">
              <tr><th className="px-4 py-3">Number</th><th className="px-4 py-3">Minutes</th><th className="px-4 py-3">Cost</th></tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {report.data.byNumber.map((row) => (
                <tr key={row.numberId ?? row.number}><td className="px-4 py-3 font-mono text-xs">{row.number}</td><td className="px-4 py-3">{row.minutes}</td><td className="px-4 py-3">{formatUsd(row.costUsd)}</td></tr>
              ))}
            </tbody>
          </table>
          <p className="text-xs text-slate-500">Days in {report.data.timeZone}. Minutes are billed minutes (each started minute counts).</p>
        </>
      )}
    </div>
  )
}
