import { DateTime } from 'luxon'
import { z } from 'zod'
import { prisma } from '@/lib/db/client'
import { badRequest } from '@/lib/http/problem'
import type { ScopedDb } from '@/lib/tenancy/scoped-db'
import { turnLatency, type TurnLatency } from '@/lib/calls/turn-latency'

// Minutes (as billed) and cost over a period, by day in the organization's time zone and by number;
// the AI receptionist's token cost beside the telephony cost, and its answer latency across the
// period's calls (every turn of every call, P50/P90).

export const usageQuerySchema = z.object({ from: z.iso.date(), to: z.iso.date() })

export interface UsageReport {
  from: string
  to: string
  timeZone: string
  /** costUsd is everything: telephonyCostUsd (calls, recordings, numbers) plus aiCostUsd. */
  totals: { minutes: number; costUsd: number; telephonyCostUsd: number; aiCostUsd: number; latency: TurnLatency }
  byDay: { date: string; minutes: number; costUsd: number }[]
  byNumber: { numberId: string | null; number: string; minutes: number; costUsd: number }[]
}

const round = (usd: number) => Math.round(usd * 1e6) / 1e6

export async function usageReport(db: ScopedDb, organizationId: string, query: { from: string; to: string }): Promise<UsageReport> {
  const organization = await prisma().organization.findUniqueOrThrow({ where: { id: organizationId }, select: { timeZone: true } })
  const zone = organization.timeZone
  const start = DateTime.fromISO(query.from, { zone }).startOf('day')
  const end = DateTime.fromISO(query.to, { zone }).startOf('day').plus({ days: 1 })
  if (!start.isValid || !end.isValid || end <= start) throw badRequest('`from` must be a date on or before `to`.', { from: 'Use YYYY-MM-DD, on or before `to`.' })
  if (end.diff(start, 'days').days > 400) throw badRequest('Ask for at most 400 days at a time.', { to: 'At most 400 days after `from`.' })
  const period = { gte: start.toJSDate(), lt: end.toJSDate() }
  const [records, aiCalls] = await Promise.all([
    db.usageRecord.findMany({
      where: { periodStart: period },
      include: { callLog: { select: { phoneNumberId: true, toNumber: true, fromNumber: true, direction: true, phoneNumber: { select: { e164: true } } } } },
    }),
    db.callLog.findMany({ where: { startedAt: period, aiTurnLatenciesMs: { isEmpty: false } }, select: { aiTurnLatenciesMs: true } }),
  ])
  const days = new Map<string, { minutes: number; costUsd: number }>()
  for (let day = start; day < end; day = day.plus({ days: 1 })) days.set(day.toISODate()!, { minutes: 0, costUsd: 0 })
  const numbers = new Map<string, UsageReport['byNumber'][number]>()
  const totals = { minutes: 0, costUsd: 0, aiCostUsd: 0 }
  for (const record of records) {
    const minutes = record.unit === 'minutes' && record.category !== 'RECORDING' ? Number(record.quantity) : 0
    const costUsd = Number(record.costUsd)
    const day = days.get(DateTime.fromJSDate(record.periodStart, { zone }).toISODate()!)
    if (day) {
      day.minutes += minutes
      day.costUsd += costUsd
    }
    const call = record.callLog
    const numberId = call?.phoneNumberId ?? null
    const label = call?.phoneNumber?.e164 ?? (call ? (call.direction === 'INBOUND' ? call.toNumber : call.fromNumber) : 'other')
    const key = numberId ?? `label:${label}`
    const entry = numbers.get(key) ?? { numberId, number: label, minutes: 0, costUsd: 0 }
    entry.minutes += minutes
    entry.costUsd += costUsd
    numbers.set(key, entry)
    totals.minutes += minutes
    totals.costUsd += costUsd
    if (record.category === 'AI_REALTIME') totals.aiCostUsd += costUsd
  }
  return {
    from: query.from,
    to: query.to,
    timeZone: zone,
    totals: {
      minutes: totals.minutes,
      costUsd: round(totals.costUsd),
      telephonyCostUsd: round(totals.costUsd - totals.aiCostUsd),
      aiCostUsd: round(totals.aiCostUsd),
      latency: turnLatency(aiCalls.flatMap((call) => call.aiTurnLatenciesMs)),
    },
    byDay: [...days].map(([date, value]) => ({ date, minutes: value.minutes, costUsd: round(value.costUsd) })),
    byNumber: [...numbers.values()].map((n) => ({ ...n, costUsd: round(n.costUsd) })).sort((a, b) => b.costUsd - a.costUsd),
  }
}
