import { z } from 'zod'
import { config } from '@/lib/config/env'
import { holdMusicTwiml } from '@/lib/routing/inbound-twiml'
import { twilioWebhook } from '@/lib/telephony/webhook'

// A bridged call's waitUrl and holdUrl: what the caller hears while their agent is rung or holds them.
export const POST = twilioWebhook({ params: z.looseObject({}) }, async () => holdMusicTwiml(config().holdMusicUrl))
