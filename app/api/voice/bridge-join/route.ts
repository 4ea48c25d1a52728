import { z } from 'zod'
import { answerBridgeJoin } from '@/lib/softphone/bridge'
import { twilioWebhook } from '@/lib/telephony/webhook'

// Queue Members update's Url: a queued caller taken by an agent joins the agent in the conference.
export const POST = twilioWebhook({ params: z.looseObject({ CallSid: z.string().regex(/^CA[0-9a-f]{32}$/) }), timeline: true }, answerBridgeJoin)
