import { z } from 'zod'
import { aiCost, tokenUsageSchema } from '@/lib/billing/ai-pricing'
import { config } from '@/lib/config/env'
import type { ReceptionistCall } from './call-context'
import { enqueueCallSummary } from './call-summary'

// The media server's report of an AI call (media-server/call-report.ts): the whole transcript,
// usage and latencies so far, with a rising sequence. The newest wins and replaces what was
// stored, so repeated, late or out-of-order reports change nothing; one database transaction
// keeps the call, its transcript and its AI usage row consistent. The final report queues the
// call's summary (call-summary.ts).

/** A long call's whole transcript: 200 turns (the media server keeps no more) of up to 4 000 characters. */
export const MAX_REPORT_BYTES = 1024 * 1024

export const callReportSchema = z.object({
  sequence: z.number().int().min(1),
  final: z.boolean(),
  turns: z
    .array(z.object({ speaker: z.enum(['caller', 'assistant']), text: z.string().max(4000), startedAt: z.iso.datetime(), interrupted: z.boolean() }))
    .max(200),
  usage: tokenUsageSchema,
  turnLatenciesMs: z.array(z.number().int().min(0).max(600_000)).max(2000),
})

export type CallReportBody = z.infer<typeof callReportSchema>

export async function storeCallReport(call: ReceptionistCall, report: CallReportBody): Promise<'stored' | 'stale'> {
  const cost = aiCost(report.usage, config().aiPrices)
  const result = await call.db.$transaction(async (tx) => {
    // Taking the row's lock first: two reports at once are applied one after the other.
    const { count } = await tx.callLog.updateMany({
      where: { id: call.callLogId, aiReportSequence: { lt: report.sequence } },
      data: { aiReportSequence: report.sequence, aiUsage: report.usage, aiTurnLatenciesMs: report.turnLatenciesMs, aiInputTokens: cost.inputTokens, aiOutputTokens: cost.outputTokens },
    })
    if (count === 0) return 'stale'
    await tx.callTranscriptTurn.deleteMany({ where: { callLogId: call.callLogId } })
    await tx.callTranscriptTurn.createMany({
      data: report.turns.map((turn, position) => ({
        organizationId: '',
        callLogId: call.callLogId,
        position,
        speaker: turn.speaker === 'caller' ? ('CALLER' as const) : ('ASSISTANT' as const),
        text: turn.text,
        startedAt: new Date(turn.startedAt),
        interrupted: turn.interrupted,
      })),
    })
    const tokens = cost.inputTokens + cost.outputTokens
    const now = new Date()
    await tx.usageRecord.upsert({
      where: { callLogId_category: { callLogId: call.callLogId, category: 'AI_REALTIME' } },
      create: { organizationId: '', callLogId: call.callLogId, category: 'AI_REALTIME', quantity: tokens, unit: 'tokens', costUsd: cost.costUsd, periodStart: now, periodEnd: now },
      update: { quantity: tokens, costUsd: cost.costUsd, periodEnd: now },
    })
    return 'stored' as const
  })
  // After the commit: the summary job reads the stored transcript.
  if (result === 'stored' && report.final) await enqueueCallSummary({ organizationId: call.organizationId, callLogId: call.callLogId })
  return result
}
