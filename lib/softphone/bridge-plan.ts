import type { CallStatus } from '@/lib/generated/prisma/enums'
import { DIAL_TIMEOUT_SECONDS, HOLD_MUSIC_PATH } from '@/lib/routing/inbound-twiml'
import type { DialCheck } from './dial-rules'

// The decisions of a bridged call (bridge.ts does the I/O): a call an agent answers lives in a
// Twilio conference — the customer's leg and the agent's leg each a participant — so the agent can
// hold the customer (participant hold with our hold music) and hand them over (add a participant,
// remove the first agent), as Twilio's contact-center guide does it
// (https://www.twilio.com/docs/taskrouter/contact-center-blueprint/call-control-concepts). Pure.

/** The bridge row as the decisions need it (prisma model CallBridge). */
export interface BridgeState {
  customerCallSid: string | null
  agentCallSid: string | null
  targetCallSid: string | null
  transferMode: TransferMode | null
  customerWaiting: boolean
}

export type TransferMode = 'cold' | 'warm'
export type TransferTarget = { type: 'agent'; userId: string } | { type: 'queue'; queueId: string } | { type: 'number'; number: string }

/** The conference of a call, named after the call that opened it. */
export const bridgeConferenceName = (callSid: string) => `bridge-${callSid}`

export const BRIDGE_LEG_PATH = '/api/voice/bridge-leg'
const LEG_EVENTS = ['initiated', 'ringing', 'answered', 'completed']

/** The numbers a softphone's ringing card shows: the business number called and the caller's. */
export interface CallNumbers {
  calledNumber: string
  callerNumber: string
}

export interface BridgeLeg {
  to: string
  from: string
  /** For a softphone: what its card shows (the leg's own From is the business number). */
  numbers?: CallNumbers
  /** Whether this leg's leaving ends the conference (default true). */
  endsCall?: boolean
}

/**
 * A softphone rung through the Participants API gets its custom parameters on the `To`, in
 * query-string notation (Twilio's Participant resource, "Custom Parameters": "client:alice?
 * mycustomparam1=foo&mycustomparam2=bar"), as a TwiML <Client> gets them from <Parameter>s.
 */
export function softphoneAddress(to: string, numbers: CallNumbers): string {
  return to.startsWith('client:') ? `${to}?${new URLSearchParams({ calledNumber: numbers.calledNumber, callerNumber: numbers.callerNumber })}` : to
}

/**
 * A leg dialled into the conference through the Participants API
 * (https://www.twilio.com/docs/voice/api/conference-participant-resource#create-a-participant):
 * an agent's softphone (`client:<identity>`, which rings as an incoming call) or a phone number,
 * rung for as long as routing rings a member. An agent's leaving ends the call
 * (endConferenceOnExit) unless a transfer turned that off first; a warm transfer's target, who
 * may be dropped, ends it only once the call is handed to them. Its progress comes to the
 * bridge-leg webhook, which names the conference.
 */
export function bridgeLegParams(conference: string, leg: BridgeLeg, publicUrl: string) {
  const { from, endsCall = true, numbers } = leg
  return {
    to: numbers ? softphoneAddress(leg.to, numbers) : leg.to,
    from,
    timeout: DIAL_TIMEOUT_SECONDS,
    beep: 'false',
    startConferenceOnEnter: true,
    endConferenceOnExit: endsCall,
    statusCallback: `${publicUrl}${BRIDGE_LEG_PATH}?${new URLSearchParams({ conference })}`,
    statusCallbackEvent: LEG_EVENTS,
  }
}

/** Hold with our hold music (a TwiML URL; Twilio's HoldMethod defaults to GET). */
export const holdParams = (hold: boolean, publicUrl: string) => (hold ? { hold: true, holdUrl: `${publicUrl}${HOLD_MUSIC_PATH}`, holdMethod: 'POST' } : { hold: false })

const LIVE: readonly CallStatus[] = ['QUEUED', 'INITIATED', 'RINGING', 'IN_PROGRESS']
export const isLive = (status: CallStatus) => LIVE.includes(status)

export type LegAction =
  /** The first agent leg to answer: it is the customer's agent now; the other legs stop ringing. */
  | { kind: 'claim' }
  /** Answered after another leg won: hung up. */
  | { kind: 'drop' }
  /** A cold transfer's target answered: the customer comes off hold with them. */
  | { kind: 'cold-answered' }
  /** The first agent left during a warm transfer: the call is handed to the target, as on complete. */
  | { kind: 'agent-left-consult' }
  /** A transfer's target ended (unanswered, or hung up while consulting). */
  | { kind: 'target-gone' }
  /** The number a softphone called (the customer's own leg) ended: so does the softphone's call. */
  | { kind: 'customer-gone' }
  /** A ringing leg ended unanswered: when no other leg is left, the customer goes on. */
  | { kind: 'unanswered' }
  | { kind: 'none' }

/** What a leg's progress means for the bridge. */
export function decideLegEvent(bridge: BridgeState, legSid: string, status: CallStatus): LegAction {
  if (legSid === bridge.customerCallSid) return isLive(status) ? { kind: 'none' } : { kind: 'customer-gone' }
  const isTarget = legSid === bridge.targetCallSid
  if (status === 'IN_PROGRESS') {
    if (isTarget) return bridge.transferMode === 'cold' ? { kind: 'cold-answered' } : { kind: 'none' }
    if (legSid === bridge.agentCallSid) return { kind: 'none' }
    return bridge.agentCallSid === null ? { kind: 'claim' } : { kind: 'drop' }
  }
  if (isLive(status)) return { kind: 'none' }
  if (isTarget) return { kind: 'target-gone' }
  if (legSid === bridge.agentCallSid) return bridge.transferMode === 'warm' ? { kind: 'agent-left-consult' } : { kind: 'none' }
  return bridge.agentCallSid === null ? { kind: 'unanswered' } : { kind: 'none' }
}

export type CallControl = 'hold' | 'transfer' | 'complete' | 'cancel'

/** Why the agent cannot do this now (409), or null. */
export function refuseControl(bridge: BridgeState, control: CallControl): string | null {
  if (bridge.customerWaiting) return 'The caller is still being connected.'
  switch (control) {
    case 'hold':
      return null
    case 'transfer':
      return bridge.transferMode ? 'A transfer is already in progress on this call.' : null
    case 'complete':
      if (bridge.transferMode !== 'warm' || !bridge.targetCallSid) return 'There is no warm transfer to complete on this call.'
      return null
    case 'cancel':
      return bridge.transferMode !== 'warm' ? 'There is no warm transfer to cancel on this call.' : null
  }
}

/** A transfer's destination, as the bridge dials it (or enqueues the customer). */
export type TransferDestination =
  | { kind: 'agent'; userId: string; name: string; to: string }
  | { kind: 'number'; to: string }
  | { kind: 'queue'; queueId: string; name: string }

export type TargetCheck = { ok: true; destination: TransferDestination } | { ok: false; status: 400 | 404 | 409; message: string }

export interface TargetFacts {
  mode: TransferMode
  /** The member asking. */
  userId: string
  /** For an agent target: the member as routing sees them (null: not in this organization). */
  agent: { id: string; name: string; softphoneIdentity: string; availability: string; onCall: boolean } | null
  /** For a queue target: the queue (null: not in this organization). */
  queue: { id: string; name: string } | null
  /** For a number target: dial-rules' verdict. */
  number: DialCheck | null
}

export function checkTransferTarget(target: TransferTarget, facts: TargetFacts): TargetCheck {
  switch (target.type) {
    case 'agent': {
      const agent = facts.agent
      if (!agent) return { ok: false, status: 404, message: 'That team member was not found.' }
      if (agent.id === facts.userId) return { ok: false, status: 400, message: 'You cannot transfer a call to yourself.' }
      if (agent.availability !== 'AVAILABLE' || agent.onCall) return { ok: false, status: 409, message: `${agent.name} is not available right now.` }
      return { ok: true, destination: { kind: 'agent', userId: agent.id, name: agent.name, to: `client:${agent.softphoneIdentity}` } }
    }
    case 'queue':
      if (!facts.queue) return { ok: false, status: 404, message: 'That queue was not found.' }
      // A queue has nobody to consult with: the caller simply waits there.
      if (facts.mode === 'warm') return { ok: false, status: 400, message: 'A call can only be sent to a queue with a cold transfer.' }
      return { ok: true, destination: { kind: 'queue', queueId: facts.queue.id, name: facts.queue.name } }
    case 'number': {
      const check = facts.number
      if (!check?.ok) return { ok: false, status: 400, message: check?.message ?? 'Enter a phone number.' }
      if (check.target.kind !== 'number') return { ok: false, status: 400, message: 'Transfer to a colleague by choosing them, not by their softphone identity.' }
      return { ok: true, destination: { kind: 'number', to: check.target.e164 } }
    }
  }
}
