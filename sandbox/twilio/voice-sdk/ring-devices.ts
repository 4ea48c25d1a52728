/**
 * `<Dial><Client>` through the gateway: every device registered with the identity in the leg's
 * account gets an `invite`; the first to answer is the leg's party and the others get `cancel`
 * (https://www.twilio.com/docs/voice/twiml/client: "all the registered clients ring, the first
 * to answer is connected"). Every device rejecting ends the leg busy (the reject reaches the
 * caller as a busy signal, DialCallStatus=busy); the <Dial> timeout ends it no-answer.
 * No device registered: as without a gateway (engine/client-devices.ts).
 */
import type { CallSession } from '../engine/call-session'
import { noRegisteredDevices, type ClientDevices, type ClientRing } from '../engine/client-devices'
import type { RingResult } from '../engine/outside-call'
import type { DeviceConnection } from './connection'
import type { DeviceRegistry } from './devices'
import type { RingingInvite } from './invite'

type Ringing = { answeredBy: RingingInvite } | { answeredBy: null; rejected: boolean }

export function gatewayDevices(registry: DeviceRegistry): ClientDevices {
  return {
    ring(leg, ring) {
      const devices = registry.registered(leg.record.accountSid, ring.identity)
      return devices.length === 0 ? noRegisteredDevices.ring(leg, ring) : ringDevices(registry, leg, devices, ring)
    },
  }
}

async function ringDevices(registry: DeviceRegistry, leg: CallSession, devices: DeviceConnection[], { parameters, timeoutMs, cancel }: ClientRing): Promise<RingResult> {
  leg.setStatus('initiated')
  leg.setStatus('ringing')
  const invites = await leg.ctx.busy(Promise.all(devices.map((device) => device.ring(leg, parameters))))
  const cancelAll = (except?: RingingInvite) => invites.filter((i) => i !== except).forEach((i) => i.cancel())
  let ringing: Ringing | null
  try {
    ringing = await leg.waitFor<Ringing>(timeoutMs, cancel, (done) => {
      void firstAnswer(invites).then(done)
      return () => {}
    })
  } catch {
    cancelAll()
    leg.setStatus('canceled')
    return 'canceled'
  }
  if (!ringing?.answeredBy) {
    cancelAll()
    const result = ringing?.rejected ? 'busy' : 'no-answer'
    leg.setStatus(result)
    return result
  }
  const answered = ringing.answeredBy
  cancelAll(answered)
  const device = devices[invites.indexOf(answered)]
  const call = device.adopt(answered)
  leg.answerWith(answered.party)
  leg.onEnd(() => registry.forget(call))
  leg.setStatus('in-progress')
  return 'answered'
}

/** The first invite answered, or (once every device has rejected or gone) whether any rejected. */
async function firstAnswer(invites: RingingInvite[]): Promise<Ringing> {
  let rejected = false
  const answered = await Promise.any(
    invites.map(async (invite) => {
      const outcome = await invite.outcome
      if (outcome === 'answered') return invite
      if (outcome === 'rejected') rejected = true
      throw new Error(outcome)
    }),
  ).catch(() => null)
  return answered ? { answeredBy: answered } : { answeredBy: null, rejected }
}
