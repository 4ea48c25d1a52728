import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { usageReport } from '@/lib/billing/usage-report'
import { testPrisma } from '@/lib/db/test-database'
import { createOrganization, createPhoneNumber } from '@/lib/testing/factories'
import { scopedDb } from '@/lib/tenancy/scoped-db'
import { getCall, listCalls, callFiltersSchema } from './call-log'
import { trackCallStatus } from './status-tracking'

const sid = () => `CA${randomBytes(16).toString('hex')}`

describe('call log and usage', () => {
  const prisma = testPrisma()

  async function completedCall(db: ReturnType<typeof scopedDb>, to: string, seconds: number, timestamp: string, direction = 'inbound') {
    const callSid = sid()
    await trackCallStatus(db, { CallSid: callSid, CallStatus: 'completed', From: '+14155550142', To: to, Direction: direction, CallDuration: seconds, SequenceNumber: 0, Timestamp: timestamp })
    return callSid
  }

  it('lists newest first with filters and a cursor, and shows one call with its events', async () => {
    const { organizationId } = await createOrganization(prisma, 'log')
    const db = scopedDb(prisma, organizationId)
    const line = await createPhoneNumber(prisma, organizationId, { e164: `+1617${randomBytes(3).toString('hex').replace(/\D/g, '7').padEnd(7, '7').slice(0, 7)}` })
    const sids = []
    for (let i = 0; i < 5; i++) sids.push(await completedCall(db, line.e164, 30 + i, `Tue, 01 Dec 2026 1${i}:00:00 +0000`))
    await trackCallStatus(db, { CallSid: sid(), CallStatus: 'busy', From: line.e164, To: '+14155550100', Direction: 'outbound-api', SequenceNumber: 0 })

    const first = await listCalls(db, callFiltersSchema.parse({ limit: '2' }))
    expect(first.calls).toHaveLength(2)
    const second = await listCalls(db, callFiltersSchema.parse({ limit: '2', cursor: first.nextCursor }))
    const third = await listCalls(db, callFiltersSchema.parse({ limit: '2', cursor: second.nextCursor }))
    const all = [...first.calls, ...second.calls, ...third.calls]
    expect(new Set(all.map((c) => c.id)).size).toBe(6)
    expect(third.nextCursor).toBeNull()

    const inbound = await listCalls(db, callFiltersSchema.parse({ direction: 'inbound', status: 'completed', numberId: line.id }))
    expect(inbound.calls.map((c) => c.callSid).sort()).toEqual([...sids].sort())
    expect(inbound.calls[0]).toMatchObject({ direction: 'inbound', status: 'completed', toNumber: line.e164, numberId: line.id, costUsd: 0.0085 })
    expect((await listCalls(db, callFiltersSchema.parse({ status: 'busy' }))).calls.map((c) => c.direction)).toEqual(['outbound'])

    const detail = await getCall(db, inbound.calls[0]!.id)
    expect(detail.call.callSid).toBe(inbound.calls[0]!.callSid)
    expect(detail.events.map((e) => e.type)).toEqual(['status'])
    expect(detail.usage).toEqual([{ category: 'VOICE_INBOUND', quantity: 1, unit: 'minutes', costUsd: 0.0085 }])

    const other = await createOrganization(prisma, 'log-other')
    await expect(getCall(scopedDb(prisma, other.organizationId), detail.call.id)).rejects.toMatchObject({ status: 404 })
    expect((await listCalls(scopedDb(prisma, other.organizationId), callFiltersSchema.parse({}))).calls).toEqual([])
  })

  it('usage by day in the organization’s time zone and by number, minutes as billed', async () => {
    const { organizationId } = await createOrganization(prisma, 'usage')
    await prisma.organization.update({ where: { id: organizationId }, data: { timeZone: 'America/Los_Angeles' } })
    const db = scopedDb(prisma, organizationId)
    const line = await createPhoneNumber(prisma, organizationId, { e164: `+1415${String(Date.now()).slice(-7)}` })
    // 61 s = 2 billed minutes; both on 30 Nov in Los Angeles although one is 1 Dec in UTC.
    await completedCall(db, line.e164, 61, 'Mon, 30 Nov 2026 20:00:00 +0000')
    await completedCall(db, line.e164, 30, 'Tue, 01 Dec 2026 05:00:00 +0000')
    await completedCall(db, line.e164, 125, 'Tue, 01 Dec 2026 20:00:00 +0000')
    const report = await usageReport(db, organizationId, { from: '2026-11-30', to: '2026-12-01' })
    expect(report.totals).toEqual({ minutes: 6, costUsd: 0.051, telephonyCostUsd: 0.051, aiCostUsd: 0, latency: { p50Ms: null, p90Ms: null, turns: 0 } })
    expect(report.byDay).toEqual([{ date: '2026-11-30', minutes: 3, costUsd: 0.0255 }, { date: '2026-12-01', minutes: 3, costUsd: 0.0255 }])
    expect(report.byNumber).toEqual([{ numberId: line.id, number: line.e164, minutes: 6, costUsd: 0.051 }])
    await expect(usageReport(db, organizationId, { from: '2026-12-02', to: '2026-12-01' })).rejects.toMatchObject({ status: 400 })
  })
})
