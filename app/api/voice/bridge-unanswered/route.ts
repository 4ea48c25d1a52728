import { answerBridgeUnanswered, voiceRequestSchema } from '@/lib/routing/inbound'
import { twilioWebhook } from '@/lib/telephony/webhook'

// Nobody answered a bridged call: back to the queue, or the number's after-hours mode.
export const POST = twilioWebhook({ params: voiceRequestSchema, timeline: true }, answerBridgeUnanswered)
