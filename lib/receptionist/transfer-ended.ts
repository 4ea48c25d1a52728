import type { z } from 'zod'
import { answerPlan, callerGone, type dialStatusSchema } from '@/lib/routing/inbound'
import { aiPlan, notInServicePlan, voicemailPlan } from '@/lib/routing/inbound-route'
import { goodbyeTwiml } from '@/lib/routing/inbound-twiml'
import { loadRoutingData } from '@/lib/routing/routing-data'
import { mediaServerReady } from '@/lib/telephony/media-server-health'
import type { WebhookAnswer, WebhookContext } from '@/lib/telephony/webhook'
import { addCallEvent } from '@/lib/telephony/webhook-events'
import { loadCallSettings, TRANSFER_FAILED_EVENT } from './call-context'
import { decideAfterTransfer } from './transfer-twiml'

// /api/voice/transfer-ended: the <Dial> of a receptionist's transfer to a person or an outside
// number has ended. Answered: the call is over. Nobody answered: the caller goes back to the
// receptionist — a new <Connect><Stream> with a fresh stream token, whose context tells it the
// transfer failed (call-context.ts) — or to voicemail, as the settings say.

type TransferEndedRequest = z.infer<typeof dialStatusSchema>

export async function answerTransferEnded(context: WebhookContext<TransferEndedRequest>): Promise<WebhookAnswer> {
  const { params, db, organizationId, url } = context
  if (callerGone(params)) return { twiml: goodbyeTwiml(), detail: { decision: 'hangup', reason: 'caller hung up' } }
  const target = url.searchParams.get('target')?.slice(0, 100) || 'the person you asked for'
  const status = params.DialCallStatus ?? 'failed'
  const [row, routing] = await Promise.all([
    db.callLog.findUnique({ where: { callSid: params.CallSid }, select: { id: true, fromNumber: true, toNumber: true, phoneNumberId: true } }),
    loadRoutingData(organizationId, params.To),
  ])
  if (!row || !routing.number || !routing.org) return answerPlan(context, notInServicePlan(routing.org), routing.number?.id ?? null)
  const call = { organizationId, callLogId: row.id, db, fromNumber: row.fromNumber, toNumber: row.toNumber, phoneNumberId: row.phoneNumberId }
  const { settings } = await loadCallSettings(call)
  const next = decideAfterTransfer(status, settings.transferNoAnswer, await mediaServerReady())
  if (next === 'done') return { twiml: goodbyeTwiml(), detail: { decision: 'hangup', reason: `transfer to ${target} ${status}` } }
  await addCallEvent(db, row.id, `${TRANSFER_FAILED_EVENT}:${params.DialCallSid ?? target}`, TRANSFER_FAILED_EVENT, { target, status })
  const reason = `transfer to ${target}: ${status === 'no-answer' ? 'no answer' : status}`
  if (next === 'voicemail') {
    const plan = { ...voicemailPlan(routing.number, routing.org, `${reason} → voicemail`), greeting: `Sorry, ${target} could not take your call. Please leave a message after the beep.` }
    return answerPlan(context, plan, routing.number.id)
  }
  const ai = aiPlan(routing.number, routing.org, `${reason} → back to the AI receptionist`)
  // Back with the receptionist, who says so first; the disclosure was heard and the recording runs on.
  const plan = { ...ai, greeting: `Sorry, ${target} is not answering right now. Can I take a message, or help with something else?`, recording: { ...ai.recording, disclosure: null, fromConnect: false } }
  return answerPlan(context, plan, routing.number.id)
}
