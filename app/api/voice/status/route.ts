import { statusCallbackSchema, trackCallStatus } from '@/lib/calls/status-tracking'
import { emptyTwiml } from '@/lib/telephony/twiml'
import { twilioWebhook } from '@/lib/telephony/webhook'

export const POST = twilioWebhook({ params: statusCallbackSchema, answers: 'callback' }, async ({ db, params }) => {
  await trackCallStatus(db, params)
  return emptyTwiml()
})
