import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { testPrisma } from '@/lib/db/test-database'
import { createOrganization } from '@/lib/testing/factories'
import { scopedDb } from '@/lib/tenancy/scoped-db'
import { markStreamStarted, trackCallStatus, type StatusCallback } from './status-tracking'

const callSid = () => `CA${randomBytes(16).toString('hex')}`

/** One outbound call's callbacks as Twilio numbers them (SequenceNumber 0…3). */
function lifecycle(sid: string, extra: Partial<StatusCallback> = {}): StatusCallback[] {
  const base = { CallSid: sid, From: '+16175550123', To: '+14155550100', Direction: 'outbound-api', CallbackSource: 'call-progress-events', ...extra }
  return [
    { ...base, CallStatus: 'initiated', SequenceNumber: 0, Timestamp: 'Tue, 01 Dec 2026 10:00:00 +0000' },
    { ...base, CallStatus: 'ringing', SequenceNumber: 1, Timestamp: 'Tue, 01 Dec 2026 10:00:01 +0000' },
    { ...base, CallStatus: 'in-progress', SequenceNumber: 2, Timestamp: 'Tue, 01 Dec 2026 10:00:05 +0000' },
    { ...base, CallStatus: 'completed', SequenceNumber: 3, CallDuration: 95, Timestamp: 'Tue, 01 Dec 2026 10:01:40 +0000' },
  ]
}

function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items]
  let state = seed
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2 ** 31
    const j = state % (i + 1)
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

describe('status tracking', () => {
  const prisma = testPrisma()

  async function finalState(organizationId: string, sid: string) {
    const db = scopedDb(prisma, organizationId)
    const call = await db.callLog.findUniqueOrThrow({ where: { callSid: sid } })
    const events = await db.callEvent.findMany({ where: { callLogId: call.id } })
    const usage = await db.usageRecord.findMany({ where: { callLogId: call.id } })
    return { call, events, usage }
  }

  it('one call’s callbacks shuffled and duplicated end in one final record, four events and one usage row', async () => {
    const { organizationId } = await createOrganization(prisma, 'status-shuffle')
    const db = scopedDb(prisma, organizationId)
    for (const seed of [1, 2, 3]) {
      const sid = callSid()
      const callbacks = lifecycle(sid)
      for (const callback of shuffled([...callbacks, ...callbacks, callbacks[1]!], seed)) await trackCallStatus(db, callback)
      const { call, events, usage } = await finalState(organizationId, sid)
      expect(call).toMatchObject({ status: 'COMPLETED', statusSequence: 3, durationSeconds: 95, direction: 'OUTBOUND' })
      expect(call.answeredAt).toEqual(new Date('2026-12-01T10:00:05Z'))
      expect(call.endedAt).toEqual(new Date('2026-12-01T10:01:40Z'))
      expect(events.map((e) => (e.payload as { CallStatus: string }).CallStatus).sort()).toEqual(['completed', 'in-progress', 'initiated', 'ringing'])
      expect(usage).toHaveLength(1)
      expect(usage[0]).toMatchObject({ category: 'VOICE_OUTBOUND', unit: 'minutes' })
      expect(Number(usage[0]!.quantity)).toBe(2)
      expect(Number(usage[0]!.costUsd)).toBeCloseTo(0.028, 6) // 2 started minutes at the table's 0.014
    }
  })

  it('concurrent delivery, including two racing completions, settles the same way', async () => {
    const { organizationId } = await createOrganization(prisma, 'status-race')
    const db = scopedDb(prisma, organizationId)
    const sid = callSid()
    const callbacks = lifecycle(sid, { Price: '-0.01700', PriceUnit: 'USD' })
    await Promise.all([...callbacks, ...callbacks, callbacks[3]!, callbacks[3]!].map((callback) => trackCallStatus(db, callback)))
    const { call, events, usage } = await finalState(organizationId, sid)
    expect(call.status).toBe('COMPLETED')
    expect(events).toHaveLength(4)
    expect(usage).toHaveLength(1)
    // Twilio's price wins over the table.
    expect(Number(usage[0]!.costUsd)).toBeCloseTo(0.017, 6)
    expect(Number(call.price)).toBeCloseTo(-0.017, 6)
  })

  it('a late ringing after completed changes nothing; a failed call counts no usage', async () => {
    const { organizationId } = await createOrganization(prisma, 'status-late')
    const db = scopedDb(prisma, organizationId)
    const sid = callSid()
    const [initiated, ringing, , completed] = lifecycle(sid)
    await trackCallStatus(db, initiated!)
    await trackCallStatus(db, { ...completed!, CallStatus: 'no-answer', CallDuration: 0 })
    await trackCallStatus(db, ringing!)
    const { call, usage } = await finalState(organizationId, sid)
    expect(call.status).toBe('NO_ANSWER')
    expect(usage).toHaveLength(0)
  })

  it('a child leg attaches to its parent call, even when the child’s callback comes first', async () => {
    const { organizationId } = await createOrganization(prisma, 'status-legs')
    const db = scopedDb(prisma, organizationId)
    const parentSid = callSid()
    const childSid = callSid()
    await trackCallStatus(db, { ...lifecycle(childSid, { ParentCallSid: parentSid, Direction: 'outbound-dial' })[1]! })
    await trackCallStatus(db, { ...lifecycle(parentSid, { Direction: 'inbound' })[1]! })
    await trackCallStatus(db, { ...lifecycle(childSid, { ParentCallSid: parentSid, Direction: 'outbound-dial' })[3]! })
    const parent = await db.callLog.findUniqueOrThrow({ where: { callSid: parentSid } })
    const child = await db.callLog.findUniqueOrThrow({ where: { callSid: childSid } })
    expect(child).toMatchObject({ parentCallSid: parentSid, parentCallLogId: parent.id, status: 'COMPLETED' })
  })

  it('another organization’s status callback cannot touch this organization’s call', async () => {
    const a = await createOrganization(prisma, 'status-a')
    const b = await createOrganization(prisma, 'status-b')
    const sid = callSid()
    await trackCallStatus(scopedDb(prisma, a.organizationId), lifecycle(sid)[1]!)
    await expect(trackCallStatus(scopedDb(prisma, b.organizationId), lifecycle(sid)[3]!)).rejects.toThrow()
    expect((await finalState(a.organizationId, sid)).call.status).toBe('RINGING')
  })

  it('a claimed Media Stream marks a ringing inbound call in progress, and never reopens one that ended', async () => {
    const org = await createOrganization(prisma, 'status-stream')
    const db = scopedDb(prisma, org.organizationId)
    const sid = callSid()
    const inbound = { CallSid: sid, From: '+14155550100', To: '+16175550123', Direction: 'inbound' }
    await trackCallStatus(db, { ...inbound, CallStatus: 'ringing' })
    await markStreamStarted(prisma, sid, new Date('2026-12-01T10:00:02Z'))
    expect(await db.callLog.findUniqueOrThrow({ where: { callSid: sid } })).toMatchObject({ status: 'IN_PROGRESS', answeredAt: new Date('2026-12-01T10:00:02Z') })
    await trackCallStatus(db, { ...inbound, CallStatus: 'completed', SequenceNumber: 0, CallDuration: 30 })
    await markStreamStarted(prisma, sid)
    expect((await db.callLog.findUniqueOrThrow({ where: { callSid: sid } })).status).toBe('COMPLETED')
    // A stream for a call the app never logged changes nothing.
    await expect(markStreamStarted(prisma, callSid())).resolves.toBeUndefined()
  })
})
