'use client'

import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { call as apiCall, queryString } from '@/components/api/client'
import { formatMs, formatUsd } from '@/components/calls/calls-api'
import { Alert } from '@/components/ui/alert'
import type { UsageReport } from '@/lib/billing/usage-report'
import { UsageChart } from './usage-chart'

const isoDay = (date: Date) => date.toISOString().slice(0, 10)

export function UsageView() {
  const [range, setRange] = useState(() => ({ from: isoDay(new Date(Date.now() - 29 * 86_400_000)), to: isoDay(new Date()) }))
  const report = useQuery({ queryKey: ['usage', range], queryFn: () => apiCall<UsageReport>(`/api/usage${queryString(range)}`) })
  const data = report.data
  const totals = data?.totals
  const input = 'mt-1 block rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm'
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end gap-3">
        <label className="text-xs font-medium text-slate-600">From<input type="date" aria-label="From" className={input} value={range.from} onChange={(e) => setRange((r) => ({ ...r, from: e.target.value }))} /></label>
        <label className="text-xs font-medium text-slate-600">To<input type="date" aria-label="To" className={input} value={range.to} onChange={(e) => setRange((r) => ({ ...r, to: e.target.value }))} /></label>
      </div>
      {report.error && <Alert>{report.error.message}</Alert>}
      {data && totals && (
        <>
          <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            <Stat label="Minutes (billed)" testId="usage-minutes" value={String(totals.minutes)} />
            <Stat label="Telephony cost" testId="usage-telephony-cost" value={formatUsd(totals.telephonyCostUsd)} note="Calls, recordings and numbers" />
            <Stat label="AI receptionist cost" testId="usage-ai-cost" value={formatUsd(totals.aiCostUsd)} note="Realtime model tokens" />
            <Stat label="Total cost" testId="usage-cost" value={formatUsd(totals.costUsd)} />
            <Stat label="AI answer latency P50" testId="usage-latency-p50" value={formatMs(totals.latency.p50Ms)} note="Caller stops speaking → first reply audio" />
            <Stat label="AI answer latency P90" testId="usage-latency-p90" value={formatMs(totals.latency.p90Ms)} note={`Over ${totals.latency.turns} ${totals.latency.turns === 1 ? 'turn' : 'turns'}`} />
          </div>
          <CostSplit telephonyUsd={totals.telephonyCostUsd} aiUsd={totals.aiCostUsd} />
          <UsageChart byDay={data.byDay} />
          <table className="w-full overflow-hidden rounded-2xl border border-slate-200 bg-white text-left text-sm shadow-sm">
            <thead className="bg-slate-50 text-xs uppercase tracking-wider text-slate-500">
              <tr><th className="px-4 py-3">Number</th><th className="px-4 py-3">Minutes</th><th className="px-4 py-3">Cost</th></tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {data.byNumber.map((row) => (
                <tr key={row.numberId ?? row.number}><td className="px-4 py-3 font-mono text-xs">{row.number}</td><td className="px-4 py-3">{row.minutes}</td><td className="px-4 py-3">{formatUsd(row.costUsd)}</td></tr>
              ))}
            </tbody>
          </table>
          <p className="text-xs text-slate-500">Days in {data.timeZone}. Minutes are billed minutes (each started minute counts).</p>
        </>
      )}
    </div>
  )
}

function Stat({ label, value, testId, note }: { label: string; value: string; testId: string; note?: string }) {
  return (
    <div className="rounded-2xl border border-slate-200 bg-white p-4 shadow-sm">
      <p className="text-xs uppercase tracking-wider text-slate-500">{label}</p>
      <p className="mt-1 text-2xl font-semibold text-slate-900" data-testid={testId}>
        {value}
      </p>
      {note && <p className="mt-1 text-xs text-slate-500">{note}</p>}
    </div>
  )
}

/** The period's cost as one bar: telephony beside the AI receptionist. */
function CostSplit({ telephonyUsd, aiUsd }: { telephonyUsd: number; aiUsd: number }) {
  const total = telephonyUsd + aiUsd
  if (total <= 0) return null
  const aiShare = Math.round((aiUsd / total) * 100)
  return (
    <figure className="space-y-1" aria-label="Cost split">
      <div className="flex h-3 overflow-hidden rounded-full bg-slate-100">
        <div className="bg-slate-400" style={{ width: `${100 - aiShare}%` }} />
        <div className="bg-brand-600" style={{ width: `${aiShare}%` }} />
      </div>
      <figcaption className="flex justify-between text-xs text-slate-600" data-testid="cost-split">
        <span>Telephony {100 - aiShare}%</span>
        <span>AI receptionist {aiShare}%</span>
      </figcaption>
    </figure>
  )
}
