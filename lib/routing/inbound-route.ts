import { sayVoiceFor, type SayVoice } from '@/lib/numbers/voices'
import { effectiveSettings } from '@/lib/receptionist/settings'
import type { AudioFormat } from '@/lib/telephony/audio-formats'
import { decideCallRecording, type CallRecording, type RecordingPolicy } from '@/lib/recordings/policy'
import { describeStatus, scheduleStatus, type Schedule } from './business-hours'

// Where an inbound call goes, as a plain plan (style.md §3): the number's route during business
// hours, its after-hours mode outside them (or when the person dialled is busy or does not answer,
// or the AI's media server is down), and a polite message for a number we no longer serve.
// The TwiML builder (inbound-twiml.ts) turns a plan into XML; nothing here does I/O.

export interface RoutingNumber {
  id: string
  e164: string
  routeKind: 'AI' | 'USER' | 'QUEUE'
  routeUser: RoutableUser | null
  routeQueue: { id: string; name: string } | null
  greeting: string | null
  voice: string | null
  afterHoursMode: 'VOICEMAIL' | 'MESSAGE' | 'AI'
  afterHoursMessage: string | null
  recordingPolicy: RecordingPolicy | null
  /** A call flow that runs instead of this route (lib/call-flows/); absent or null: none. */
  callFlowId?: string | null
  /** The number's own receptionist settings (a JSON document; lib/receptionist/settings.ts). */
  aiSettings: unknown
}

/** A member a call can ring: their softphone identity, their own phone, and whether they take calls now. */
export interface RoutableUser {
  id: string
  name: string
  softphoneIdentity: string
  forwardingNumber: string | null
  availability: 'AVAILABLE' | 'BUSY' | 'OFFLINE'
  /** Already talking on their softphone (lib/agents/availability.ts). */
  onCall: boolean
}

export interface RoutingOrganization {
  id: string
  name: string
  defaultGreeting: string
  defaultVoice: string
  aiInstructions: string
  /** The organization's receptionist settings document (lib/receptionist/settings.ts). */
  aiSettings: unknown
  recordingPolicy: RecordingPolicy
  recordingDisclosure: string
}

export interface RoutingConditions {
  /** The media server answered its readiness check recently. */
  aiAvailable: boolean
}

/** Every plan names the <Say> voice its prompts are spoken in: the number's voice, else the organization's. */
interface Spoken {
  sayVoice: SayVoice
}
export type AiPlan = Spoken & { kind: 'ai'; reason: string; greeting: string; voice: string; instructions: string; audioFormat: AudioFormat; recording: CallRecording }
export type InboundPlan =
  | AiPlan
  /** clientIdentity null: the softphone is not rung (the member is offline), only their forwarding number. */
  | (Spoken & { kind: 'user'; reason: string; userId: string; clientIdentity: string | null; forwardingNumber: string | null; callerId: string; recording: CallRecording })
  | (Spoken & { kind: 'queue'; reason: string; queueId: string; queueName: string; recording: CallRecording })
  | (Spoken & { kind: 'voicemail'; reason: string; greeting: string })
  | (Spoken & { kind: 'message'; reason: string; message: string })
  /** An outside number (a call flow's destination), dialled with the called number as caller ID. */
  | (Spoken & { kind: 'forward'; reason: string; phoneNumber: string; callerId: string })
  | (Spoken & { kind: 'unknown-number'; reason: string })

export const DEFAULT_VOICEMAIL_GREETING = 'Sorry we missed your call. Please leave a message after the beep.'
export const DEFAULT_CLOSED_MESSAGE = 'Thank you for calling. We are closed right now. Please call again during our business hours. Goodbye.'
export const UNKNOWN_NUMBER_MESSAGE = 'Sorry, the number you have called is not in service. Please check the number and try again. Goodbye.'

/** The realtime voice the number speaks in (its own, else the organization's), as a <Say> voice. */
export const sayVoiceOf = (number: Pick<RoutingNumber, 'voice'> | null, org: Pick<RoutingOrganization, 'defaultVoice'> | null) => sayVoiceFor(number?.voice || org?.defaultVoice)

export function notInServicePlan(org: Pick<RoutingOrganization, 'defaultVoice'> | null): InboundPlan {
  return { kind: 'unknown-number', reason: 'number not in service', sayVoice: sayVoiceOf(null, org) }
}

export function decideInboundRoute(number: RoutingNumber | null, org: RoutingOrganization | null, schedule: Schedule | null, now: Date, conditions: RoutingConditions): InboundPlan {
  if (!number || !org) return notInServicePlan(org)
  if (schedule) {
    const status = scheduleStatus(schedule, now)
    if (!status.open) return afterHoursPlan(number, org, `after hours: schedule ${schedule.name}, ${describeStatus(schedule, status, now)}`, conditions)
  }
  const hours = schedule ? `schedule ${schedule.name} open` : 'no business hours set'
  switch (number.routeKind) {
    case 'AI':
      if (!conditions.aiAvailable) return afterHoursPlan(number, org, `${hours}; AI receptionist unavailable (media server not ready)`, { aiAvailable: false })
      return aiPlan(number, org, `${hours}; routed to the AI receptionist`)
    case 'USER':
      if (!number.routeUser) return afterHoursPlan(number, org, `${hours}; the number's user no longer exists`, conditions)
      return userPlan(number.routeUser, number, org, hours, conditions)
    case 'QUEUE':
      if (!number.routeQueue) return afterHoursPlan(number, org, `${hours}; the number's queue no longer exists`, conditions)
      return { kind: 'queue', reason: `${hours}; queued in ${number.routeQueue.name}`, queueId: number.routeQueue.id, queueName: number.routeQueue.name, sayVoice: sayVoiceOf(number, org), recording: decideCallRecording(org, number.recordingPolicy) }
  }
}

/**
 * Ringing a member: their softphone when they are available and not already on a call, and their
 * own phone (the forwarding number) too unless they said they are busy. An offline member is
 * reached on their own phone only; a busy one, or one with nothing to ring, is not rung at all:
 * the call takes the number's after-hours mode at once rather than ringing out.
 */
export function userPlan(user: RoutableUser, number: RoutingNumber, org: RoutingOrganization, reason: string, conditions: RoutingConditions): InboundPlan {
  const softphone = user.availability === 'AVAILABLE' && !user.onCall
  const forwarding = user.availability !== 'BUSY' && !user.onCall ? user.forwardingNumber : null
  const state = user.onCall ? 'on a call' : user.availability.toLowerCase()
  if (!softphone && !forwarding) return afterHoursPlan(number, org, `${reason}; ${user.name} is ${state}`, conditions)
  return {
    kind: 'user',
    reason: softphone ? `${reason}; ringing ${user.name}` : `${reason}; ${user.name} is ${state}: ringing their own phone`,
    userId: user.id,
    clientIdentity: softphone ? user.softphoneIdentity : null,
    forwardingNumber: forwarding,
    callerId: number.e164,
    sayVoice: sayVoiceOf(number, org),
    recording: decideCallRecording(org, number.recordingPolicy),
  }
}

/** What follows a <Dial> to a person: nothing after a conversation, the after-hours mode otherwise. */
export function decideAfterDial(number: RoutingNumber | null, org: RoutingOrganization | null, dialCallStatus: string, conditions: RoutingConditions): InboundPlan | null {
  if (dialCallStatus === 'completed' || dialCallStatus === 'answered') return null
  if (!number || !org) return notInServicePlan(org)
  const why = dialCallStatus === 'busy' ? 'busy' : dialCallStatus === 'no-answer' ? 'no answer' : dialCallStatus
  return afterHoursPlan(number, org, `${number.routeUser?.name ?? 'the user'}: ${why}`, conditions)
}

export function afterHoursPlan(number: RoutingNumber, org: RoutingOrganization, reason: string, conditions: RoutingConditions): InboundPlan {
  switch (number.afterHoursMode) {
    case 'MESSAGE':
      return { kind: 'message', reason: `${reason} → message`, message: number.afterHoursMessage || DEFAULT_CLOSED_MESSAGE, sayVoice: sayVoiceOf(number, org) }
    case 'AI':
      if (conditions.aiAvailable) return aiPlan(number, org, `${reason} → AI receptionist`)
      return voicemailPlan(number, org, `${reason} → voicemail (AI receptionist unavailable)`)
    case 'VOICEMAIL':
      return voicemailPlan(number, org, `${reason} → voicemail`)
  }
}

export function voicemailPlan(number: RoutingNumber, org: RoutingOrganization, reason: string): InboundPlan {
  return { kind: 'voicemail', reason, greeting: number.afterHoursMessage || DEFAULT_VOICEMAIL_GREETING, sayVoice: sayVoiceOf(number, org) }
}

export function aiPlan(number: RoutingNumber, org: RoutingOrganization, reason: string): AiPlan {
  // What the stream token carries; the rest of the settings reach the media server with the call's context.
  const settings = effectiveSettings(org, number)
  return {
    kind: 'ai',
    reason,
    greeting: settings.greeting,
    voice: settings.voice,
    instructions: settings.instructions,
    audioFormat: settings.audioFormat,
    sayVoice: sayVoiceOf(number, org),
    recording: decideCallRecording(org, number.recordingPolicy),
  }
}

/** The call log's handler for a plan. */
export function handlerOf(plan: InboundPlan): 'AI' | 'AGENT' | 'QUEUE' | 'VOICEMAIL' | 'MESSAGE' | null {
  // A forwarded call is answered outside the organization: no handler of ours.
  const handlers = { ai: 'AI', user: 'AGENT', queue: 'QUEUE', voicemail: 'VOICEMAIL', message: 'MESSAGE', forward: null, 'unknown-number': null } as const
  return handlers[plan.kind]
}
