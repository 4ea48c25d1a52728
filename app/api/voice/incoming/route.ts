import { answerIncoming } from '@/lib/call-flows/run-flow'
import { voiceRequestSchema } from '@/lib/routing/inbound'
import { twilioWebhook } from '@/lib/telephony/webhook'

// A call to one of the organization's numbers: its call flow when it has one, its plain route otherwise.
export const POST = twilioWebhook({ params: voiceRequestSchema, timeline: true }, answerIncoming)
