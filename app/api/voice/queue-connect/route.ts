import { z } from 'zod'
import { recordConnectedCall } from '@/lib/recordings/connect-recording'
import { queueConnectTwiml } from '@/lib/routing/inbound-twiml'
import { sayVoiceIn } from '@/lib/telephony/twiml'
import { twilioWebhook } from '@/lib/telephony/webhook'

// <Dial><Queue url>: played to the waiting caller as an agent picks them up (in the voice the URL
// names, see withSayVoice) — the moment the call is connected to a person, so its recording starts
// here when the policy records all calls.
export const POST = twilioWebhook({ params: z.looseObject({ CallSid: z.string().regex(/^CA[0-9a-f]{32}$/).optional() }) }, async ({ db, organizationId, params, url }) => {
  if (params.CallSid) await recordConnectedCall(db, organizationId, params.CallSid)
  return queueConnectTwiml(sayVoiceIn(url))
})
