import { z } from 'zod'
import { queueConnectTwiml } from '@/lib/routing/inbound-twiml'
import { twilioWebhook } from '@/lib/telephony/webhook'

// <Dial><Queue url>: played to the waiting caller as an agent picks them up.
export const POST = twilioWebhook({ params: z.looseObject({}) }, async () => queueConnectTwiml())
