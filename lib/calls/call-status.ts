import type { CallStatus } from '@/lib/generated/prisma/enums'

// Twilio's call statuses in the order a call passes through them
// (https://www.twilio.com/docs/voice/api/call-resource#call-status-values). A callback may only
// move a call forward: a late `ringing` after `completed` changes nothing, and within one rank
// the higher SequenceNumber wins. Terminal statuses are final.

export const TWILIO_CALL_STATUSES = ['queued', 'initiated', 'ringing', 'in-progress', 'completed', 'busy', 'no-answer', 'failed', 'canceled'] as const
export type TwilioCallStatus = (typeof TWILIO_CALL_STATUSES)[number]

const RANK: Record<CallStatus, number> = { QUEUED: 0, INITIATED: 1, RINGING: 2, IN_PROGRESS: 3, COMPLETED: 4, BUSY: 4, NO_ANSWER: 4, FAILED: 4, CANCELED: 4 }
export const TERMINAL_RANK = 4

export const toCallStatus = (status: TwilioCallStatus) => status.toUpperCase().replace('-', '_') as CallStatus
export const toTwilioStatus = (status: CallStatus) => status.toLowerCase().replace('_', '-') as TwilioCallStatus
export const isTerminal = (status: CallStatus) => RANK[status] === TERMINAL_RANK
export const rankOf = (status: CallStatus) => RANK[status]

/** The stored statuses a callback with `status` may replace, and those it may replace only with a newer sequence. */
export function replaceable(status: CallStatus): { lower: CallStatus[]; sameRank: CallStatus[] } {
  const rank = RANK[status]
  const all = Object.keys(RANK) as CallStatus[]
  return {
    lower: all.filter((s) => RANK[s] < rank),
    sameRank: rank === TERMINAL_RANK ? [] : all.filter((s) => RANK[s] === rank),
  }
}

export const toDirection = (direction: string | undefined) => (direction?.startsWith('outbound') ? 'OUTBOUND' : 'INBOUND') as 'INBOUND' | 'OUTBOUND'
