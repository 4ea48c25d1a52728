import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { usageReport } from '@/lib/billing/usage-report'
import { testPrisma } from '@/lib/db/test-database'
import { findReceptionistCall } from '@/lib/receptionist/call-context'
import { storeCallReport } from '@/lib/receptionist/call-report'
import { runReceptionistTool } from '@/lib/receptionist/run-tool'
import { createOrganization } from '@/lib/testing/factories'
import { scopedDb } from '@/lib/tenancy/scoped-db'
import { listMessages, markMessageHandled } from './caller-messages'
import { callFiltersSchema, getCall, listCalls } from './call-log'
import { trackCallStatus } from './status-tracking'

// An AI call as the team sees it: its transcript, tool calls, latency, summary and costs; the
// call list's search over what was said; the message it took; and the period's AI usage.

const usage = { inputTextTokens: 1000, inputAudioTokens: 1000, cachedTextTokens: 0, cachedAudioTokens: 0, outputTextTokens: 100, outputAudioTokens: 1000, transcriptionInputTokens: 0, transcriptionOutputTokens: 0 }

describe('an AI call in the call log, messages and usage', () => {
  const prisma = testPrisma()

  async function aiCall(label: string) {
    const { organizationId, ownerId } = await createOrganization(prisma, label)
    const db = scopedDb(prisma, organizationId)
    const callSid = `CA${randomBytes(16).toString('hex')}`
    await trackCallStatus(db, { CallSid: callSid, CallStatus: 'completed', From: '+14155550142', To: '+16175550100', Direction: 'inbound', CallDuration: 45, SequenceNumber: 0, Timestamp: 'Wed, 02 Dec 2026 10:00:30 +0000' })
    const call = (await findReceptionistCall(callSid))!
    return { db, call, callSid, organizationId, ownerId }
  }

  it('shows the transcript in order, the tool calls with their results, P50/P90, the summary and both costs', async () => {
    const { db, call, callSid } = await aiCall('ai-detail')
    await runReceptionistTool(call, { callSid, callId: 'call_1', name: 'take_message', arguments: JSON.stringify({ callerName: 'Ada', callbackNumber: '', reason: 'Book a cleaning', urgency: 'normal' }) })
    await storeCallReport(call, {
      sequence: 1,
      final: false,
      turns: [
        { speaker: 'assistant', text: 'Hello, thanks for calling.', startedAt: '2026-12-02T10:00:01.000Z', interrupted: false },
        { speaker: 'caller', text: 'I would like to book a Cleaning appointment.', startedAt: '2026-12-02T10:00:04.000Z', interrupted: false },
        { speaker: 'assistant', text: 'Let me take a mess', startedAt: '2026-12-02T10:00:07.000Z', interrupted: true },
      ],
      usage,
      turnLatenciesMs: [640, 410, 980, 520],
    })
    await prisma.callLog.update({ where: { id: call.callLogId }, data: { aiSummary: { reason: 'Booking', outcome: 'Message taken', followUp: 'Call back' } } })

    const detail = await getCall(db, call.callLogId)
    expect(detail.transcript).toEqual([
      { role: 'assistant', text: 'Hello, thanks for calling.', startedAt: '2026-12-02T10:00:01.000Z', interrupted: false },
      { role: 'caller', text: 'I would like to book a Cleaning appointment.', startedAt: '2026-12-02T10:00:04.000Z', interrupted: false },
      { role: 'assistant', text: 'Let me take a mess', startedAt: '2026-12-02T10:00:07.000Z', interrupted: true },
    ])
    expect(detail.toolCalls).toEqual([
      { name: 'take_message', arguments: { callerName: 'Ada', callbackNumber: '', reason: 'Book a cleaning', urgency: 'normal' }, result: expect.objectContaining({ ok: true }), at: expect.any(String) },
    ])
    expect(detail.latency).toEqual({ p50Ms: 520, p90Ms: 980, turns: 4 })
    expect(detail.summary).toEqual({ reason: 'Booking', outcome: 'Message taken', followUp: 'Call back' })
    const aiUsd = (1000 * 4 + 1000 * 32 + 100 * 16 + 1000 * 64) / 1e6
    expect(detail.costs.telephonyUsd).toBe(0.0085)
    expect(detail.costs.aiUsd).toBeCloseTo(aiUsd, 6)
    expect(detail.costs.totalUsd).toBeCloseTo(0.0085 + aiUsd, 6)

    // A call without a report has no transcript, latency, summary or AI cost.
    const plainSid = `CA${randomBytes(16).toString('hex')}`
    await trackCallStatus(db, { CallSid: plainSid, CallStatus: 'completed', From: '+14155550143', To: '+16175550100', Direction: 'inbound', CallDuration: 5, SequenceNumber: 0 })
    const plain = await getCall(db, (await findReceptionistCall(plainSid))!.callLogId)
    expect(plain).toMatchObject({ transcript: [], toolCalls: [], latency: { p50Ms: null, p90Ms: null, turns: 0 }, summary: null, costs: { aiUsd: 0 } })
  })

  it('the call list’s search matches what was said, in any case, and the numbers', async () => {
    const { db, call } = await aiCall('ai-search')
    await storeCallReport(call, { sequence: 1, final: false, turns: [{ speaker: 'caller', text: 'My boiler is leaking.', startedAt: '2026-12-02T10:00:04.000Z', interrupted: false }], usage, turnLatenciesMs: [] })
    const search = async (q: string) => (await listCalls(db, callFiltersSchema.parse({ q }))).calls.map((c) => c.id)
    expect(await search('BOILER')).toEqual([call.callLogId])
    expect(await search('5550142')).toEqual([call.callLogId])
    expect(await search('dishwasher')).toEqual([])
  })

  it('lists the messages taken newest first, and marks one handled once, audited', async () => {
    const { db, call, callSid, ownerId } = await aiCall('ai-messages')
    await runReceptionistTool(call, { callSid, callId: 'call_m', name: 'take_message', arguments: JSON.stringify({ callerName: 'Grace', callbackNumber: '+14155550199', reason: 'Invoice question', urgency: 'urgent' }) })
    const [message] = await listMessages(db)
    expect(message).toMatchObject({ kind: 'message', callerName: 'Grace', callbackNumber: '+14155550199', urgency: 'urgent', body: 'Invoice question', handledAt: null, callId: call.callLogId })
    const handled = await markMessageHandled(db, ownerId, message!.id, true)
    expect(handled.handledAt).not.toBeNull()
    expect((await markMessageHandled(db, ownerId, message!.id, true)).handledAt).toBe(handled.handledAt)
    expect((await markMessageHandled(db, ownerId, message!.id, false)).handledAt).toBeNull()
    const audit = await db.auditLog.findMany({ where: { targetId: message!.id }, orderBy: { createdAt: 'asc' } })
    expect(audit.map((entry) => entry.action)).toEqual(['message.handled', 'message.reopened'])
    // Another organization sees none of it.
    const other = await createOrganization(prisma, 'ai-messages-other')
    const otherDb = scopedDb(prisma, other.organizationId)
    expect(await listMessages(otherDb)).toEqual([])
    await expect(markMessageHandled(otherDb, other.ownerId, message!.id, true)).rejects.toMatchObject({ status: 404 })
  })

  it('usage totals put AI cost beside telephony cost, with latency across the period’s calls', async () => {
    const { db, call, organizationId } = await aiCall('ai-usage')
    await storeCallReport(call, { sequence: 1, final: false, turns: [], usage, turnLatenciesMs: [300, 700] })
    const report = await usageReport(db, organizationId, { from: '2026-12-01', to: '2026-12-31' })
    const aiUsd = (1000 * 4 + 1000 * 32 + 100 * 16 + 1000 * 64) / 1e6
    expect(report.totals.telephonyCostUsd).toBe(0.0085)
    expect(report.totals.aiCostUsd).toBeCloseTo(aiUsd, 6)
    expect(report.totals.costUsd).toBeCloseTo(0.0085 + aiUsd, 6)
    expect(report.totals.latency).toEqual({ p50Ms: 300, p90Ms: 700, turns: 2 })
  })
})
