/**
 * Ringing a dialled leg, whatever it reaches: `client:<identity>` rings the Voice SDK devices
 * registered with that identity; anything else is a number outside the sandbox (outside-call.ts).
 * <Dial>, the Calls API and conference participants all ring through here.
 */
import type { CallSession } from './call-session'
import { ringOutsideNumber, type RingResult } from './outside-call'
import type { SimulatedPhone } from './party'

export type { RingResult }

export function ringTarget(leg: CallSession, phone: SimulatedPhone, timeoutMs: number, cancel: AbortSignal): Promise<RingResult> {
  return leg.record.to.startsWith('client:') ? ringUnregisteredClient(leg, timeoutMs, cancel) : ringOutsideNumber(leg, phone, timeoutMs, cancel)
}

/** Stand-in until the sandbox has registered browser clients: the client never answers. */
async function ringUnregisteredClient(leg: CallSession, timeoutMs: number, cancel: AbortSignal): Promise<RingResult> {
  leg.setStatus('initiated')
  leg.setStatus('ringing')
  try {
    await leg.waitFor<never>(timeoutMs, cancel, () => () => {})
  } catch {
    leg.setStatus('canceled')
    return 'canceled'
  }
  leg.setStatus('no-answer')
  return 'no-answer'
}
