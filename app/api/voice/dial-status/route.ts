import { answerDialStatus, dialStatusSchema } from '@/lib/routing/inbound'
import { twilioWebhook } from '@/lib/telephony/webhook'

// The <Dial> and <Enqueue> action: busy or unanswered → the number's after-hours mode.
export const POST = twilioWebhook({ params: dialStatusSchema, timeline: true }, answerDialStatus)
