/**
 * Ringing a dialled leg, whatever it reaches: `client:<identity>` rings the Voice SDK devices
 * registered with that identity (client-devices.ts); anything else is a number outside the
 * sandbox (outside-call.ts). <Dial>, the Calls API and conference participants all ring through here.
 */
import type { CallSession } from './call-session'
import { ringOutsideNumber, type RingResult } from './outside-call'
import type { SimulatedPhone } from './party'

export type { RingResult }

export interface RingOptions {
  /** `<Client><Parameter>`s, for a client leg. */
  clientParameters?: Record<string, string>
}

export function ringTarget(leg: CallSession, phone: SimulatedPhone, timeoutMs: number, cancel: AbortSignal, options: RingOptions = {}): Promise<RingResult> {
  const identity = clientIdentity(leg.record.to)
  if (identity === null) return ringOutsideNumber(leg, phone, timeoutMs, cancel)
  return leg.ctx.clientDevices.ring(leg, { identity, parameters: options.clientParameters ?? {}, timeoutMs, cancel })
}

/**
 * A `To` the Calls and Participants APIs were given, split: `client:alice?name=value&…` carries
 * custom parameters in query-string notation, which reach the Voice SDK as the invite's
 * customParameters (Twilio's Participant resource, "Custom Parameters": "Only applies to Twilio
 * Voice Client IDs…client:alice?mycustomparam1=foo&mycustomparam2=bar"). The leg itself is to
 * `client:alice`.
 */
export function dialledAddress(to: string): { to: string; clientParameters?: Record<string, string> } {
  const query = to.indexOf('?')
  if (!to.startsWith('client:') || query < 0) return { to }
  return { to: to.slice(0, query), clientParameters: Object.fromEntries(new URLSearchParams(to.slice(query + 1))) }
}

/** `client:alice` → `alice`; null for a phone number. */
export function clientIdentity(to: string): string | null {
  return to.startsWith('client:') ? to.slice('client:'.length) : null
}
