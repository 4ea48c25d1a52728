import { statusCallbackSchema } from '@/lib/calls/status-tracking'
import { answerBridgeLeg } from '@/lib/softphone/bridge'
import { twilioWebhook } from '@/lib/telephony/webhook'

// The progress of a leg dialled into a bridged call's conference (an agent's softphone or phone,
// a transfer's target): logged under the caller's call, and acted on (first answer wins, nobody answered).
export const POST = twilioWebhook({ params: statusCallbackSchema, answers: 'callback' }, answerBridgeLeg)
