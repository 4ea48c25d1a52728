import { DEFAULT_SAY_VOICE } from '@/lib/numbers/voices'
import type { RoutableUser } from '@/lib/routing/inbound-route'
import { DIAL_TIMEOUT_SECONDS, dialClient, legStatusCallback } from '@/lib/routing/inbound-twiml'
import { VoiceResponse } from '@/lib/telephony/twiml'
import type { DialCheck } from './dial-rules'

// A softphone's outgoing call as a plain plan, and its TwiML. Pure.

export type OutgoingPlan =
  | { kind: 'refuse'; reason: string; message: string }
  | { kind: 'number'; reason: string; to: string; callerId: string; callerNumberId: string }
  | { kind: 'client'; reason: string; identity: string; callerName: string }

export interface OutgoingCall {
  /** The member the calling identity belongs to; null: not this organization's softphone. */
  caller: { id: string; name: string } | null
  check: DialCheck
  /** The organization's active numbers, oldest first (the default caller ID). */
  numbers: { id: string; e164: string }[]
  /** The caller ID the softphone asked for (one of `numbers`), if any. */
  requestedCallerId: string | null
  /** For an internal call: the colleague, as routing sees them. */
  colleague: RoutableUser | null
}

const refuse = (reason: string, message: string): OutgoingPlan => ({ kind: 'refuse', reason, message })

export function decideOutgoingCall({ caller, check, numbers, requestedCallerId, colleague }: OutgoingCall): OutgoingPlan {
  if (!caller) return refuse('unknown softphone identity', 'This softphone does not belong to a member of the organization.')
  if (!check.ok) return refuse(`refused: ${check.message}`, check.message)
  if (check.target.kind === 'client') {
    if (!colleague) return refuse('no such colleague', 'That colleague is not a member of your organization.')
    if (colleague.id === caller.id) return refuse('called themselves', 'You cannot call your own softphone.')
    if (colleague.availability !== 'AVAILABLE' || colleague.onCall) return refuse(`${colleague.name} is not available`, `${colleague.name} is not available right now.`)
    return { kind: 'client', reason: `${caller.name} calls ${colleague.name}`, identity: colleague.softphoneIdentity, callerName: caller.name }
  }
  const chosen = requestedCallerId === null ? numbers[0] : numbers.find((number) => number.e164 === requestedCallerId)
  if (!chosen) return refuse('no caller ID', requestedCallerId ? `${requestedCallerId} is not one of your organization's numbers.` : 'Your organization needs a phone number before you can place calls.')
  return { kind: 'number', reason: `${caller.name} calls ${check.target.e164} from ${chosen.e164}`, to: check.target.e164, callerId: chosen.e164, callerNumberId: chosen.id }
}

/** `bridge`: the conference the number was dialled into (bridge.ts); the softphone joins it, and its leaving ends it. */
export function outgoingTwiml(plan: OutgoingPlan, publicUrl: string, bridge?: string): string {
  const response = new VoiceResponse()
  const leg = legStatusCallback(publicUrl)
  switch (plan.kind) {
    case 'refuse':
      response.say({ voice: DEFAULT_SAY_VOICE }, plan.message)
      response.hangup()
      break
    case 'number':
      if (bridge) response.dial().conference({ startConferenceOnEnter: true, endConferenceOnExit: true, beep: 'false', waitUrl: '' }, bridge)
      else response.dial({ callerId: plan.callerId, answerOnBridge: true, timeout: DIAL_TIMEOUT_SECONDS }).number(leg, plan.to)
      break
    case 'client':
      // An internal call: no business number was called; the card shows the colleague's name.
      dialClient(response.dial({ answerOnBridge: true, timeout: DIAL_TIMEOUT_SECONDS }), plan.identity, { calledNumber: '', callerNumber: plan.callerName }, publicUrl)
      break
  }
  return response.toString()
}
