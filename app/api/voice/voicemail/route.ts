import { answerWithoutAi, voiceRequestSchema } from '@/lib/routing/inbound'
import { twilioWebhook } from '@/lib/telephony/webhook'

// Where the hand-back redirects a live call (Calls update Url).
export const POST = twilioWebhook({ params: voiceRequestSchema, timeline: true }, (context) => answerWithoutAi(context, 'AI receptionist handed the call back', 'redirect'))
