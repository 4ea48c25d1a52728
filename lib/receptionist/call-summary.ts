import type OpenAI from 'openai'
import { z } from 'zod'
import { Prisma, type PrismaClient } from '@/lib/generated/prisma/client'
import { jobs, jobsRunning, type JobDefinition } from '@/lib/jobs/queue'
import { scopedDb } from '@/lib/tenancy/scoped-db'

// A short summary of each AI call (why the caller called, what came of it, what is to be done),
// written once the media server's final report is stored. The model is asked through Chat
// Completions with a strict JSON schema (structured outputs,
// https://platform.openai.com/docs/guides/structured-outputs); a failure (the model down, a
// refusal, an answer that does not parse) throws, pg-boss retries the job, and until it succeeds
// the call simply has no summary. The first summary stored stands.

export const SUMMARY_QUEUE = 'summarize-call'

export const callSummarySchema = z.object({ reason: z.string().max(1000), outcome: z.string().max(1000), followUp: z.string().max(1000) })
export type CallSummary = z.infer<typeof callSummarySchema>

/** The same shape for the model: strict mode needs every property required and no others. */
export const SUMMARY_JSON_SCHEMA = {
  type: 'object',
  properties: {
    reason: { type: 'string', description: 'Why the caller called, in one sentence.' },
    outcome: { type: 'string', description: 'What came of the call: answered, transferred, message taken, …' },
    followUp: { type: 'string', description: 'What the business should do next, or "None."' },
  },
  required: ['reason', 'outcome', 'followUp'],
  additionalProperties: false,
} as const

export interface SummaryTurn {
  speaker: 'CALLER' | 'ASSISTANT'
  text: string
  interrupted: boolean
}

/** The Chat Completions request for a transcript: one `Speaker: words` line per turn. */
export function summaryRequest(model: string, turns: SummaryTurn[]): OpenAI.ChatCompletionCreateParamsNonStreaming {
  const transcript = turns.map((turn) => `${turn.speaker === 'CALLER' ? 'Caller' : 'Receptionist'}: ${turn.text}${turn.interrupted ? ' [interrupted]' : ''}`).join('\n')
  return {
    model,
    messages: [
      {
        role: 'system',
        content: 'You summarize phone calls answered by an AI receptionist for the business team. Be brief and factual; use only what the transcript says.',
      },
      { role: 'user', content: transcript },
    ],
    response_format: { type: 'json_schema', json_schema: { name: 'call_summary', strict: true, schema: SUMMARY_JSON_SCHEMA } },
  }
}

/** The summary in a completion; throws (so the job retries) on a refusal or an answer out of shape. */
export function summaryFromCompletion(completion: OpenAI.ChatCompletion): CallSummary {
  const message = completion.choices[0]?.message
  if (!message?.content) throw new Error(message?.refusal ? `the model refused: ${message.refusal}` : 'the model answered no summary')
  return callSummarySchema.parse(JSON.parse(message.content))
}

export interface SummaryJobData {
  organizationId: string
  callLogId: string
}

export interface SummaryDependencies {
  db: PrismaClient
  openai: () => OpenAI
  model: string
  retryDelaySeconds?: number
}

/** Summarizes one call unless it has a summary or no transcript; returns whether one was stored. */
export async function summarizeCall(deps: SummaryDependencies, data: SummaryJobData): Promise<boolean> {
  const db = scopedDb(deps.db, data.organizationId)
  const call = await db.callLog.findFirst({ where: { id: data.callLogId }, select: { aiSummary: true } })
  if (!call || call.aiSummary !== null) return false
  const turns = await db.callTranscriptTurn.findMany({ where: { callLogId: data.callLogId }, orderBy: { position: 'asc' }, select: { speaker: true, text: true, interrupted: true } })
  if (turns.length === 0) return false
  // No transaction is open across the request: the summary is written after it, only if still none.
  const summary = summaryFromCompletion(await deps.openai().chat.completions.create(summaryRequest(deps.model, turns)))
  const { count } = await db.callLog.updateMany({ where: { id: data.callLogId, aiSummary: { equals: Prisma.DbNull } }, data: { aiSummary: summary } })
  return count === 1
}

export function callSummaryJob(deps: SummaryDependencies): JobDefinition<SummaryJobData> {
  return {
    name: SUMMARY_QUEUE,
    // Retried with backoff for about an hour of model outage; one queued job per call.
    queue: { policy: 'short', retryLimit: 10, retryDelay: deps.retryDelaySeconds ?? 30, retryBackoff: true, expireInSeconds: 5 * 60 },
    async work(job) {
      await summarizeCall(deps, job.data)
    },
  }
}

/** Queues a call's summary (one per call at a time; a call already summarized is skipped by the job). */
export async function enqueueCallSummary(data: SummaryJobData): Promise<void> {
  if (!jobsRunning()) return console.warn(JSON.stringify({ msg: 'call summary not queued: no job queue in this process', callLogId: data.callLogId }))
  await jobs().send(SUMMARY_QUEUE, data satisfies SummaryJobData, { singletonKey: data.callLogId })
}

/** How far back a call without a summary is still summarized when the app starts. */
const PENDING_WINDOW_MS = 24 * 60 * 60 * 1000

/** Queues the summary of every recent ended AI call that has none (a job lost with a crashed process). */
export async function enqueuePendingSummaries(db: PrismaClient, now = new Date()): Promise<number> {
  const calls = await db.callLog.findMany({
    where: { aiSummary: { equals: Prisma.DbNull }, endedAt: { gte: new Date(now.getTime() - PENDING_WINDOW_MS) }, transcript: { some: {} } },
    select: { id: true, organizationId: true },
    take: 1000,
  })
  for (const call of calls) await enqueueCallSummary({ organizationId: call.organizationId, callLogId: call.id })
  return calls.length
}
