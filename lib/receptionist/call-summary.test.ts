import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fetchTrusting } from '@/lib/ai/openai-client'
import { testPrisma } from '@/lib/db/test-database'
import { createOrganization } from '@/lib/testing/factories'
import { startTestJobs } from '@/lib/testing/jobs'
import { startRealtimeStandIn, type RealtimeStandIn } from '@/sandbox/realtime/index'
import { findReceptionistCall } from './call-context'
import { storeCallReport, type CallReportBody } from './call-report'
import { callSummaryJob, summarizeCall, summaryRequest } from './call-summary'

// The summary job against the real OpenAI stand-in over HTTPS, with the real job queue.

const usage = { inputTextTokens: 10, inputAudioTokens: 10, cachedTextTokens: 0, cachedAudioTokens: 0, outputTextTokens: 10, outputAudioTokens: 10, transcriptionInputTokens: 0, transcriptionOutputTokens: 0 }
const at = '2026-12-02T10:00:00.000Z'
const turns: CallReportBody['turns'] = [
  { speaker: 'assistant', text: 'Hello, thanks for calling Acme.', startedAt: at, interrupted: false },
  { speaker: 'caller', text: 'I would like to book an appointment.', startedAt: at, interrupted: false },
  { speaker: 'assistant', text: 'I have taken a message; someone will call you back.', startedAt: at, interrupted: false },
  { speaker: 'caller', text: 'Please call me tomorrow morning.', startedAt: at, interrupted: false },
]

describe('post-call summaries', () => {
  const prisma = testPrisma()
  let standIn: RealtimeStandIn
  const client = (baseURL: string) => new OpenAI({ apiKey: 'test-key', baseURL, maxRetries: 0, fetch: fetchTrusting(() => standIn.caPem) })
  const deps = () => ({ db: prisma, openai: () => client(standIn.baseURL), model: 'gpt-4o-mini' })

  beforeAll(async () => {
    standIn = await startRealtimeStandIn({ port: 0, apiKey: 'test-key', tlsDir: mkdtempSync(path.join(tmpdir(), 'standin-tls-')) })
    await startTestJobs([callSummaryJob({ ...deps(), retryDelaySeconds: 1 })])
  })
  afterAll(() => standIn.close())

  async function aiCall() {
    const org = await createOrganization(prisma, 'summary')
    const callSid = `CA${Math.random().toString(16).slice(2).padEnd(32, '0').slice(0, 32)}`
    const log = await prisma.callLog.create({ data: { organizationId: org.organizationId, callSid, direction: 'INBOUND', fromNumber: '+14155550100', toNumber: '+16175550100', handledBy: 'AI' } })
    return { log, call: (await findReceptionistCall(callSid))!, organizationId: org.organizationId }
  }

  it('writes the transcript one speaker line per turn, with a strict JSON schema', () => {
    const request = summaryRequest('gpt-4o-mini', [
      { speaker: 'ASSISTANT', text: 'Hello.', interrupted: true },
      { speaker: 'CALLER', text: 'Hi.', interrupted: false },
    ])
    expect(request.messages[1]).toEqual({ role: 'user', content: 'Receptionist: Hello. [interrupted]\nCaller: Hi.' })
    expect(request.response_format).toMatchObject({ type: 'json_schema', json_schema: { strict: true, schema: { required: ['reason', 'outcome', 'followUp'], additionalProperties: false } } })
  })

  it('the final report queues a job that stores the summary; earlier reports do not', async () => {
    const { log, call } = await aiCall()
    await storeCallReport(call, { sequence: 1, final: false, turns: turns.slice(0, 2), usage, turnLatenciesMs: [] })
    await storeCallReport(call, { sequence: 2, final: true, turns, usage, turnLatenciesMs: [] })
    await expect.poll(async () => (await prisma.callLog.findUniqueOrThrow({ where: { id: log.id } })).aiSummary, { timeout: 15_000 }).toEqual({
      reason: 'I would like to book an appointment.',
      outcome: 'I have taken a message; someone will call you back.',
      followUp: 'Please call me tomorrow morning.',
    })
  })

  it('a model that cannot be reached throws (the job retries) and stores nothing; the first summary stored stands', async () => {
    const { log, call, organizationId } = await aiCall()
    await storeCallReport(call, { sequence: 1, final: false, turns, usage, turnLatenciesMs: [] })
    const down = { ...deps(), openai: () => client('https://127.0.0.1:9/v1') }
    await expect(summarizeCall(down, { organizationId, callLogId: log.id })).rejects.toThrow()
    expect((await prisma.callLog.findUniqueOrThrow({ where: { id: log.id } })).aiSummary).toBeNull()
    expect(await summarizeCall(deps(), { organizationId, callLogId: log.id })).toBe(true)
    expect(await summarizeCall(deps(), { organizationId, callLogId: log.id })).toBe(false)
  })

  it('a wrong key is refused by the stand-in as by the API', async () => {
    const { log, call, organizationId } = await aiCall()
    await storeCallReport(call, { sequence: 1, final: false, turns, usage, turnLatenciesMs: [] })
    const wrongKey = { ...deps(), openai: () => new OpenAI({ apiKey: 'wrong-key', baseURL: standIn.baseURL, maxRetries: 0, fetch: fetchTrusting(() => standIn.caPem) }) }
    await expect(summarizeCall(wrongKey, { organizationId, callLogId: log.id })).rejects.toThrow(/401/)
  })
})
