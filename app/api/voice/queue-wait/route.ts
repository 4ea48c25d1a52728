import { z } from 'zod'
import { config } from '@/lib/config/env'
import { queueWaitTwiml } from '@/lib/routing/inbound-twiml'
import { sayVoiceIn } from '@/lib/telephony/twiml'
import { twilioWebhook } from '@/lib/telephony/webhook'

// <Enqueue waitUrl>: Twilio requests it again each time the TwiML finishes, with the caller's place.
const schema = z.looseObject({ QueuePosition: z.coerce.number().int().min(0).optional() })

export const POST = twilioWebhook({ params: schema }, async ({ params, url }) => queueWaitTwiml(params.QueuePosition ?? null, config().holdMusicUrl, sayVoiceIn(url)))
