import { z } from 'zod'
import { routableUsers } from '@/lib/agents/availability'
import { ensureCallLog } from '@/lib/calls/call-records'
import { config } from '@/lib/config/env'
import { voiceRequestSchema } from '@/lib/routing/inbound'
import type { WebhookAnswer, WebhookContext } from '@/lib/telephony/webhook'
import { openOutgoingBridge } from './bridge'
import { checkDialTarget } from './dial-rules'
import { decideOutgoingCall, outgoingTwiml } from './outgoing-plan'

// The TwiML App's voice URL: a softphone placed a call (the SDK's connect, From=client:<identity>,
// our parameters To and CallerId). It answers for the member only when the identity is one of
// this organization's, dials the number with one of the organization's numbers as caller ID, or
// a colleague's softphone, and logs the call as the member's outbound call.

export const outgoingRequestSchema = voiceRequestSchema.extend({ CallerId: z.string().optional() })

export async function answerOutgoing(context: WebhookContext<z.infer<typeof outgoingRequestSchema>>): Promise<WebhookAnswer> {
  const { params, db } = context
  const identity = params.From.startsWith('client:') ? params.From.slice('client:'.length) : null
  const check = checkDialTarget(params.To, config().outboundCallCountries)
  const [caller, numbers, callee] = await Promise.all([
    identity ? db.user.findFirst({ where: { softphoneIdentity: identity }, select: { id: true, name: true } }) : null,
    db.phoneNumber.findMany({ where: { status: 'ACTIVE' }, select: { id: true, e164: true }, orderBy: { createdAt: 'asc' } }),
    check.ok && check.target.kind === 'client' ? db.user.findFirst({ where: { softphoneIdentity: check.target.identity }, select: { id: true } }) : null,
  ])
  const [colleague] = callee ? await routableUsers(db, [callee.id]) : []
  const plan = decideOutgoingCall({ caller, check, numbers, requestedCallerId: params.CallerId ?? null, colleague: colleague ?? null })
  // A member's refused attempt is on their call log too; a stranger's request is not logged.
  const callLogId = caller ? await logOutgoing(context, caller.id, plan.kind === 'number' ? plan.callerNumberId : null) : undefined
  // A number is dialled into the call's conference, so the agent can hold and transfer it (bridge.ts).
  const bridge = plan.kind === 'number' ? ((await openOutgoingBridge(context, plan)) ?? undefined) : undefined
  return { twiml: outgoingTwiml(plan, context.publicUrl, bridge), detail: { decision: plan.kind, reason: plan.reason }, callLogId }
}

async function logOutgoing({ db, params }: WebhookContext<z.infer<typeof outgoingRequestSchema>>, agentUserId: string, phoneNumberId: string | null): Promise<string> {
  // Twilio calls the softphone's leg "inbound" (it came in to Twilio); for the organization it is an outbound call.
  const call = await ensureCallLog(db, { callSid: params.CallSid, from: params.From, to: params.To, direction: 'outbound-api', phoneNumberId, handledBy: 'AGENT', agentUserId, status: params.CallStatus })
  return call.id
}
