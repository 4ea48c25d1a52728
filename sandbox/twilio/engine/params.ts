/**
 * The parameters Twilio sends with every voice request ("TwiML Voice: Twilio's Request",
 * https://www.twilio.com/docs/usage/webhooks/voice-webhooks): identity of the call, both parties
 * (From/To and their legacy Caller/Called twins) with geographic fields, direction and status.
 */
import type { CallRecord } from '../store'
import type { WebhookParams } from './webhook'

export const API_VERSION = '2010-04-01'

/** ISO 3166 country from an E.164 number's calling code (the few codes a sandbox meets). */
export function countryOf(phoneNumber: string): string {
  const prefixes: [string, string][] = [['+1', 'US'], ['+44', 'GB'], ['+49', 'DE'], ['+33', 'FR'], ['+34', 'ES'], ['+61', 'AU'], ['+353', 'IE'], ['+91', 'IN']]
  return prefixes.find(([prefix]) => phoneNumber.startsWith(prefix))?.[1] ?? ''
}

function party(prefix: string, phoneNumber: string): WebhookParams {
  // Twilio sends the geographic fields when the number is a phone number; the sandbox has no
  // number-to-place database, so city/state/zip are empty and only the country is derived.
  if (!phoneNumber.startsWith('+')) return {}
  return { [`${prefix}City`]: '', [`${prefix}State`]: '', [`${prefix}Zip`]: '', [`${prefix}Country`]: countryOf(phoneNumber) }
}

export interface CallParamsExtras {
  /** Opaque token Twilio adds to inbound PSTN calls (usable to forward the caller ID). */
  callToken?: string
  /** The TwiML App a call is routed through: Twilio sends its ApplicationSid with every request for the call. */
  applicationSid?: string
}

export function callParams(call: CallRecord, extras: CallParamsExtras = {}): WebhookParams {
  const params: WebhookParams = {
    AccountSid: call.accountSid,
    ApiVersion: API_VERSION,
    CallSid: call.sid,
    CallStatus: call.status,
    Called: call.to,
    ...party('Called', call.to),
    Caller: call.from,
    ...party('Caller', call.from),
    Direction: call.direction,
    From: call.from,
    ...party('From', call.from),
    To: call.to,
    ...party('To', call.to),
  }
  if (call.parentCallSid) params.ParentCallSid = call.parentCallSid
  if (extras.callToken) params.CallToken = extras.callToken
  if (extras.applicationSid) params.ApplicationSid = extras.applicationSid
  return params
}

/** RFC 2822 date as Twilio writes it in callbacks: "Tue, 24 Nov 2026 11:47:33 +0000". */
export function rfc2822(ms: number): string {
  return new Date(ms).toUTCString().replace('GMT', '+0000')
}

/** Seconds between answer and end, rounded up the way Twilio bills and reports call duration. */
export function callDurationSeconds(startMs: number, endMs: number): number {
  return Math.max(0, Math.ceil((endMs - startMs) / 1000))
}

/** Per-minute prices the sandbox charges (Twilio US list prices): inbound local, outbound to US. */
export const PRICE_PER_MINUTE = { inbound: 0.0085, outbound: 0.014 } as const

/** Twilio bills each started minute; prices are negative decimal strings with 5 places. */
export function callPrice(direction: CallRecord['direction'], durationSeconds: number): string {
  const minutes = Math.ceil(durationSeconds / 60)
  const rate = direction === 'inbound' ? PRICE_PER_MINUTE.inbound : PRICE_PER_MINUTE.outbound
  const price = minutes * rate
  return price === 0 ? '0.00000' : (-price).toFixed(5)
}
