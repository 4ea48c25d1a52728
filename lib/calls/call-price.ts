import type { PrismaClient } from '@/lib/generated/prisma/client'
import { config } from '@/lib/config/env'
import { callCost } from '@/lib/billing/pricing'
import type { JobDefinition } from '@/lib/jobs/queue'
import { loadSubaccountCredentials } from '@/lib/provisioning/organization-secrets'
import { organizationTwilioClient } from '@/lib/telephony/parent-client'
import type { TwilioCredentials } from '@/lib/telephony/twilio-client'
import { scopedDb, type ScopedDb } from '@/lib/tenancy/scoped-db'

// Twilio's price for a call is "populated after the call is completed" and "may not be immediately
// available" (https://www.twilio.com/docs/voice/api/call-resource#call-properties, `price`); its
// status callbacks do not carry it. So a completed call is first counted from the price table, and
// the usage row is re-priced once Twilio's figure is known: from a later callback that carries
// `Price`, or from the Call resource, which a job asks for every minute while a recent call has
// none. Re-pricing *sets* the row's cost from the stored price (never adds to it) and the price
// itself is written once, so any number of late callbacks and job runs, racing or not, leave one
// row with Twilio's cost.

/** How long after its end a call's price is still looked for; older calls keep the table's cost. */
export const PRICE_LOOKUP_WINDOW_MS = 2 * 60 * 60 * 1000

/** Stores Twilio's reported price on the call, if it has none yet (the first report stands). */
export async function storeReportedPrice(db: ScopedDb, callLogId: string, price: string, priceUnit = 'USD'): Promise<void> {
  if (!Number.isFinite(Number(price)) || price.trim() === '') return
  await db.callLog.updateMany({ where: { id: callLogId, price: null }, data: { price, priceUnit } })
}

/** Sets the call's usage row and cost from its stored Twilio price (idempotent: a set, not an increment). */
export async function applyReportedPrice(db: ScopedDb, callLogId: string): Promise<void> {
  const call = await db.callLog.findUniqueOrThrow({ where: { id: callLogId } })
  if (call.price === null || call.status !== 'COMPLETED' || call.durationSeconds === null) return
  const cost = callCost({ direction: call.direction, durationSeconds: call.durationSeconds, twilioPrice: call.price.toString() }, config().prices)
  await db.usageRecord.updateMany({ where: { callLogId, category: call.direction === 'INBOUND' ? 'VOICE_INBOUND' : 'VOICE_OUTBOUND' }, data: { costUsd: cost.costUsd } })
  await db.callLog.updateMany({ where: { id: callLogId }, data: { costUsd: cost.costUsd } })
}

type CallFetcher = (credentials: TwilioCredentials, callSid: string) => Promise<{ price: string | null; priceUnit: string | null }>

const fetchFromTwilio: CallFetcher = async (credentials, callSid) => {
  const call = await organizationTwilioClient(credentials).calls(callSid).fetch()
  return { price: call.price ?? null, priceUnit: call.priceUnit ?? null }
}

/** Asks Twilio for the price of every recent completed call that has none; returns how many were priced. */
export async function settleCallPrices(db: PrismaClient, options: { now?: Date; fetchCall?: CallFetcher } = {}): Promise<number> {
  const now = options.now ?? new Date()
  const fetchCall = options.fetchCall ?? fetchFromTwilio
  const unpriced = await db.callLog.findMany({
    where: { status: 'COMPLETED', price: null, durationSeconds: { not: null }, endedAt: { gte: new Date(now.getTime() - PRICE_LOOKUP_WINDOW_MS) }, usage: { some: {} } },
    select: { id: true, callSid: true, organizationId: true },
    orderBy: { endedAt: 'asc' },
    take: 500,
  })
  let priced = 0
  const failures: string[] = []
  const byOrganization = new Map<string, typeof unpriced>()
  for (const call of unpriced) byOrganization.set(call.organizationId, [...(byOrganization.get(call.organizationId) ?? []), call])
  for (const [organizationId, calls] of byOrganization) {
    const credentials = await loadSubaccountCredentials(db, organizationId)
    if (!credentials) continue
    const scoped = scopedDb(db, organizationId)
    for (const call of calls) {
      try {
        const reported = await fetchCall(credentials, call.callSid)
        if (reported.price === null) continue // not yet: the next run asks again
        await storeReportedPrice(scoped, call.id, reported.price, reported.priceUnit ?? 'USD')
        await applyReportedPrice(scoped, call.id)
        priced++
      } catch (error) {
        failures.push(`${call.callSid}: ${error instanceof Error ? error.message : String(error)}`)
      }
    }
  }
  // One line a run, not one a call: the next run asks again for each of them.
  if (failures.length) console.warn(JSON.stringify({ msg: 'call price lookups failed', count: failures.length, first: failures[0] }))
  return priced
}

export const CALL_PRICE_QUEUE = 'settle-call-prices'

export function callPriceJob(deps: { db: PrismaClient; cron?: string }): JobDefinition<Record<string, never>> {
  return {
    name: CALL_PRICE_QUEUE,
    // One run at a time; a run that fails is simply followed by the next minute's.
    queue: { policy: 'stately', retryLimit: 0 },
    schedule: { cron: deps.cron ?? '* * * * *', data: {} },
    async work() {
      await settleCallPrices(deps.db)
    },
  }
}
