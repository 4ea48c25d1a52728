import { answerMenu, menuRequestSchema } from '@/lib/call-flows/run-flow'
import { twilioWebhook } from '@/lib/telephony/webhook'

// A call-flow menu's <Gather> action (and its no-input <Redirect>): the next step from Digits or SpeechResult.
export const POST = twilioWebhook({ params: menuRequestSchema, timeline: true }, answerMenu)
