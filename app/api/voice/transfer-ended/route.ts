import { answerTransferEnded } from '@/lib/receptionist/transfer-ended'
import { dialStatusSchema } from '@/lib/routing/inbound'
import { twilioWebhook } from '@/lib/telephony/webhook'

// The action of the AI receptionist's <Dial> transfer: answered → done; nobody answered → back to the receptionist or voicemail.
export const POST = twilioWebhook({ params: dialStatusSchema, timeline: true }, answerTransferEnded)
