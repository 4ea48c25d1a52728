import { answerIncoming, voiceRequestSchema } from '@/lib/routing/inbound'
import { twilioWebhook } from '@/lib/telephony/webhook'

export const POST = twilioWebhook({ params: voiceRequestSchema, timeline: true }, answerIncoming)
