import { answerOutgoing, outgoingRequestSchema } from '@/lib/softphone/outgoing-call'
import { twilioWebhook } from '@/lib/telephony/webhook'

// The TwiML App's voice URL: a call placed from a softphone.
export const POST = twilioWebhook({ params: outgoingRequestSchema, timeline: true }, answerOutgoing)
