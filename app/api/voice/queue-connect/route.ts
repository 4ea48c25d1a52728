import { z } from 'zod'
import { queueConnectTwiml } from '@/lib/routing/inbound-twiml'
import { sayVoiceIn } from '@/lib/telephony/twiml'
import { twilioWebhook } from '@/lib/telephony/webhook'

// <Dial><Queue url>: played to the waiting caller as an agent picks them up (in the voice the URL names, see withSayVoice).
export const POST = twilioWebhook({ params: z.looseObject({}) }, async ({ url }) => queueConnectTwiml(sayVoiceIn(url)))
