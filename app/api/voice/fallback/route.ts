import { apologyTwiml } from '@/lib/telephony/twiml'
import { twilioFallbackWebhook } from '@/lib/telephony/webhook'

// Twilio's fallback URL: static TwiML, no database (it must answer during an outage).
export const POST = twilioFallbackWebhook(apologyTwiml)
