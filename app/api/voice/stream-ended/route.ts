import { answerWithoutAi, voiceRequestSchema } from '@/lib/routing/inbound'
import { twilioWebhook } from '@/lib/telephony/webhook'

// The <Connect> action: the media stream closed while the caller was still on the line.
export const POST = twilioWebhook({ params: voiceRequestSchema, timeline: true }, (context) => answerWithoutAi(context, 'AI receptionist stream ended', 'stream-ended'))
