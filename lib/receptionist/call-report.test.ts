import { describe, expect, it } from 'vitest'
import { testPrisma } from '@/lib/db/test-database'
import { createOrganization } from '@/lib/testing/factories'
import { findReceptionistCall } from './call-context'
import { storeCallReport, type CallReportBody } from './call-report'

const usage = { inputTextTokens: 1000, inputAudioTokens: 600, cachedTextTokens: 0, cachedAudioTokens: 0, outputTextTokens: 50, outputAudioTokens: 400, transcriptionInputTokens: 60, transcriptionOutputTokens: 20 }

describe('storeCallReport', () => {
  const prisma = testPrisma()

  async function aiCall() {
    const org = await createOrganization(prisma, 'report')
    const callSid = `CA${Math.random().toString(16).slice(2).padEnd(32, '0').slice(0, 32)}`
    const log = await prisma.callLog.create({ data: { organizationId: org.organizationId, callSid, direction: 'INBOUND', fromNumber: '+14155550100', toNumber: '+16175550100', handledBy: 'AI' } })
    return { log, call: (await findReceptionistCall(callSid))! }
  }

  const report = (sequence: number, turns: CallReportBody['turns'], overrides: Partial<CallReportBody> = {}): CallReportBody => ({ sequence, final: false, turns, usage, turnLatenciesMs: [420], ...overrides })
  const turn = (speaker: 'caller' | 'assistant', text: string, interrupted = false) => ({ speaker, text, startedAt: '2026-12-02T10:00:00.000Z', interrupted })

  it('keeps the newest report whole: transcript in order, usage with its cost, latencies', async () => {
    const { log, call } = await aiCall()
    expect(await storeCallReport(call, report(1, [turn('assistant', 'Hello, thanks…', true)]))).toBe('stored')
    expect(await storeCallReport(call, report(2, [turn('assistant', 'Hello, thanks…', true), turn('caller', 'When do you open?')], { turnLatenciesMs: [420, 380] }))).toBe('stored')
    const turns = await prisma.callTranscriptTurn.findMany({ where: { callLogId: log.id }, orderBy: { position: 'asc' } })
    expect(turns.map((row) => [row.position, row.speaker, row.text, row.interrupted])).toEqual([
      [0, 'ASSISTANT', 'Hello, thanks…', true],
      [1, 'CALLER', 'When do you open?', false],
    ])
    const row = await prisma.callLog.findUniqueOrThrow({ where: { id: log.id } })
    expect(row).toMatchObject({ aiReportSequence: 2, aiTurnLatenciesMs: [420, 380], aiInputTokens: 1660, aiOutputTokens: 470, aiUsage: usage })
    const [record] = await prisma.usageRecord.findMany({ where: { callLogId: log.id } })
    expect(record).toMatchObject({ category: 'AI_REALTIME', unit: 'tokens' })
    expect(Number(record!.quantity)).toBe(2130)
    expect(Number(record!.costUsd)).toBeCloseTo((1000 * 4 + 600 * 32 + 50 * 16 + 400 * 64 + 60 * 1.25 + 20 * 5) / 1e6, 6)
  })

  it('ignores a late, repeated or older report, even when several arrive at once', async () => {
    const { log, call } = await aiCall()
    const results = await Promise.all([3, 1, 2, 3].map((sequence) => storeCallReport(call, report(sequence, Array.from({ length: sequence }, (_, index) => turn('caller', `turn ${index}`))))))
    expect(results.filter((result) => result === 'stored').length).toBeGreaterThanOrEqual(1)
    expect(await storeCallReport(call, report(2, [turn('caller', 'stale')]))).toBe('stale')
    const turns = await prisma.callTranscriptTurn.findMany({ where: { callLogId: log.id }, orderBy: { position: 'asc' } })
    expect(turns.map((row) => row.text)).toEqual(['turn 0', 'turn 1', 'turn 2'])
    expect((await prisma.callLog.findUniqueOrThrow({ where: { id: log.id } })).aiReportSequence).toBe(3)
    expect(await prisma.usageRecord.count({ where: { callLogId: log.id } })).toBe(1)
  })
})
