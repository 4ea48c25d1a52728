'use client'

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import type { UsageReport } from '@/lib/billing/usage-report'

export function UsageChart({ byDay }: { byDay: UsageReport['byDay'] }) {
  return (
    <div className="h-72 w-full" data-testid="usage-chart">
      <ResponsiveContainer>
        <BarChart data={byDay} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="date" tickFormatter={(date: string) => date.slice(5)} fontSize={12} />
          <YAxis yAxisId="minutes" allowDecimals={false} fontSize={12} />
          <YAxis yAxisId="cost" orientation="right" fontSize={12} tickFormatter={(usd: number) => `$${usd.toFixed(2)}`} />
          <Tooltip formatter={(value, name) => (name === 'Cost (USD)' ? `$${Number(value).toFixed(4)}` : value)} />
          <Legend />
          <Bar yAxisId="minutes" dataKey="minutes" name="Minutes" fill="#2563eb" />
          <Bar yAxisId="cost" dataKey="costUsd" name="Cost (USD)" fill="#94a3b8" />
        </BarChart>
      </ResponsiveContainer>
    </div>
  )
}
