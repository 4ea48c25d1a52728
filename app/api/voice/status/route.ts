import { isTerminal, toCallStatus } from '@/lib/calls/call-status'
import { statusCallbackSchema, trackCallStatus } from '@/lib/calls/status-tracking'
import { customerLeftUnanswered } from '@/lib/softphone/bridge'
import { emptyTwiml } from '@/lib/telephony/twiml'
import { twilioWebhook } from '@/lib/telephony/webhook'

export const POST = twilioWebhook({ params: statusCallbackSchema, answers: 'callback' }, async (context) => {
  await trackCallStatus(context.db, context.params)
  if (isTerminal(toCallStatus(context.params.CallStatus))) await customerLeftUnanswered(context)
  return emptyTwiml()
})
