/**
 * How a `client:<identity>` leg reaches Voice SDK devices. The Voice SDK gateway
 * (sandbox/twilio/voice-sdk) provides the devices registered with it; without one, no device is
 * registered anywhere.
 */
import type { CallSession } from './call-session'
import type { RingResult } from './outside-call'

export interface ClientRing {
  identity: string
  /** `<Client><Parameter name value/>`: reach the SDK as the invite's custom parameters. */
  parameters: Record<string, string>
  timeoutMs: number
  /** Aborted when the caller hangs up or another leg of the same <Dial> answers. */
  cancel: AbortSignal
}

export interface ClientDevices {
  /** Rings every device registered as `identity` in the leg's account; on 'answered' the answering device is the leg's party. */
  ring(leg: CallSession, ring: ClientRing): Promise<RingResult>
}

/**
 * No device registered with the identity: Twilio still places the child leg, which rings until
 * the <Dial> timeout and ends no-answer (the Voice SDK guide "Make calls to a client": an
 * unregistered client never answers).
 */
export const noRegisteredDevices: ClientDevices = {
  async ring(leg, { timeoutMs, cancel }) {
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
  },
}
