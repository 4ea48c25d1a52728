import { randomBytes } from 'node:crypto'

// The sandbox's in-memory state: what Twilio keeps for an account tree. Types mirror Twilio's
// resources (camelCase here, snake_case on the wire; see rest/serialize.ts).

export type SidPrefix = 'AC' | 'AP' | 'SK' | 'PN' | 'CA' | 'RE' | 'QU' | 'NO' | 'TR' | 'CF'

/** Twilio SIDs are a two-letter type prefix and 32 lowercase hex digits. */
export function newSid(prefix: SidPrefix): string {
  return prefix + randomBytes(16).toString('hex')
}

interface Dated {
  dateCreated: Date
  dateUpdated: Date
}

export interface Account extends Dated {
  sid: string
  authToken: string
  friendlyName: string
  status: 'active' | 'suspended' | 'closed'
  parentSid: string | null
}

export interface ApiKey extends Dated {
  sid: string
  accountSid: string
  secret: string
  friendlyName: string
}

/** Where Twilio sends a call's webhooks; numbers and applications both carry it. */
/** What handles calls and messages: settings applications and phone numbers share. */
export interface VoiceConfig {
  voiceUrl: string | null
  voiceMethod: string
  voiceFallbackUrl: string | null
  voiceFallbackMethod: string
  statusCallback: string | null
  statusCallbackMethod: string
  smsUrl: string | null
  smsMethod: string
  smsFallbackUrl: string | null
  smsFallbackMethod: string
}

export interface Application extends Dated, VoiceConfig {
  sid: string
  accountSid: string
  friendlyName: string
  smsStatusCallback: string | null
  messageStatusCallback: string | null
}

export interface IncomingNumber extends Dated, VoiceConfig {
  sid: string
  accountSid: string
  phoneNumber: string
  friendlyName: string
  voiceApplicationSid: string | null
  smsApplicationSid: string | null
  capabilities: { voice: boolean; sms: boolean; mms: boolean }
}

export type CallStatus = 'queued' | 'initiated' | 'ringing' | 'in-progress' | 'completed' | 'busy' | 'no-answer' | 'failed' | 'canceled'

export interface CallRecord extends Dated {
  sid: string
  accountSid: string
  parentCallSid: string | null
  from: string
  to: string
  direction: 'inbound' | 'outbound-api' | 'outbound-dial'
  status: CallStatus
  startTime: Date | null
  endTime: Date | null
  duration: number | null
  price: string | null
  priceUnit: 'USD'
  answeredBy: null
  callerName: null
  queueTime: '0'
}

export interface RecordingRecord extends Dated {
  sid: string
  accountSid: string
  callSid: string
  // https://www.twilio.com/docs/voice/api/recording#recording-status-values
  status: 'in-progress' | 'paused' | 'stopped' | 'processing' | 'completed' | 'absent'
  channels: 1 | 2
  source: 'RecordVerb' | 'DialVerb' | 'OutboundAPI' | 'StartCallRecording'
  /** RecordingTrack of the Call Recordings API: inbound, outbound or both. */
  track: 'inbound' | 'outbound' | 'both'
  /** Seconds; -1 while the recording is still being made, as Twilio shows it. */
  duration: number
  startTime: Date
  /** Twilio's error code when the recording failed (status absent), else null. */
  errorCode: number | null
  /** 8 kHz 16-bit PCM WAV of what was heard, one channel per leg; empty until it is processed. */
  wav: Buffer
}

export interface QueueMember {
  callSid: string
  position: number
  dateEnqueued: Date
  waitTime: number
}

export interface QueueRecord extends Dated {
  sid: string
  accountSid: string
  friendlyName: string
  maxSize: number
  members: QueueMember[]
}

/** A conference room (https://www.twilio.com/docs/voice/api/conference-resource); kept after it completes. */
export interface ConferenceRecord extends Dated {
  sid: string
  accountSid: string
  friendlyName: string
  status: 'init' | 'in-progress' | 'completed'
  reasonConferenceEnded: 'conference-ended-via-api' | 'participant-with-end-conference-on-exit-left' | 'participant-with-end-conference-on-exit-kicked' | 'last-participant-kicked' | 'last-participant-left' | null
  callSidEndingConference: string | null
}

/** What Twilio's debugger records for a call: an error or a warning, with the request it concerns. */
export interface NotificationRecord extends Dated {
  sid: string
  accountSid: string
  callSid: string
  errorCode: number
  level: 'error' | 'warning'
  messageText: string
  requestUrl: string
}

export class SandboxStore {
  readonly accounts = new Map<string, Account>()
  readonly keys = new Map<string, ApiKey>()
  readonly applications = new Map<string, Application>()
  readonly numbers = new Map<string, IncomingNumber>()
  readonly calls = new Map<string, CallRecord>()
  readonly recordings = new Map<string, RecordingRecord>()
  readonly queues = new Map<string, QueueRecord>()
  readonly notifications = new Map<string, NotificationRecord>()
  readonly conferences = new Map<string, ConferenceRecord>()

  constructor(
    readonly parentAccountSid: string,
    authToken: string,
  ) {
    const now = new Date()
    this.accounts.set(parentAccountSid, { sid: parentAccountSid, authToken, friendlyName: 'Sandbox parent account', status: 'active', parentSid: null, dateCreated: now, dateUpdated: now })
  }

  accountBySid(sid: string): Account | undefined {
    return this.accounts.get(sid)
  }

  numberByPhoneNumber(e164: string): IncomingNumber | undefined {
    for (const number of this.numbers.values()) if (number.phoneNumber === e164) return number
    return undefined
  }

  /** Twilio's rule: an account reaches its own resources; a parent also reaches its subaccounts'. */
  canAccess(credentialAccountSid: string, resourceAccountSid: string): boolean {
    return credentialAccountSid === resourceAccountSid || this.accounts.get(resourceAccountSid)?.parentSid === credentialAccountSid
  }
}
