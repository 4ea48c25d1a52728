import { call as apiCall, queryString } from '@/components/api/client'
import type { CallerMessageView } from '@/lib/calls/caller-messages'
import type { CallView } from '@/lib/calls/call-log'

export type { CallView }

export interface CallFilters {
  direction?: string
  status?: string
  handler?: string
  numberId?: string
  from?: string
  to?: string
  /** Words said on the call (its transcript) or part of a number. */
  q?: string
}

export interface CallEventView {
  id: string
  type: string
  occurredAt: string
  receivedAt: string
  payload: Record<string, unknown>
}

export interface CallDetail {
  call: CallView
  events: CallEventView[]
  legs: CallView[]
  voicemails: { id: string; durationSeconds: number | null; transcription: string | null; transcriptionStatus: string | null; listened: boolean }[]
  usage: { category: string; quantity: number; unit: string; costUsd: number }[]
  messages: CallerMessageView[]
  transcript: TranscriptTurn[]
  toolCalls: { name: string; arguments: unknown; result: unknown; at: string }[]
  latency: { p50Ms: number | null; p90Ms: number | null; turns: number }
  summary: { reason: string; outcome: string; followUp: string } | null
  costs: { telephonyUsd: number | null; aiUsd: number; totalUsd: number }
}

export interface TranscriptTurn {
  role: 'caller' | 'assistant'
  text: string
  startedAt: string
  interrupted: boolean
}

export const LIVE_STATUSES = ['queued', 'initiated', 'ringing', 'in-progress']

/** While the call is live its detail (transcript included) is polled every two seconds. */
export const liveRefetch = (query: { state: { data?: CallDetail } }) => (query.state.data && LIVE_STATUSES.includes(query.state.data.call.status) ? 2000 : false)

export const callsApi = {
  list: (filters: CallFilters, cursor?: string) => apiCall<{ calls: CallView[]; nextCursor: string | null }>(`/api/calls${queryString({ ...filters, cursor })}`),
  get: (id: string) => apiCall<CallDetail>(`/api/calls/${id}`),
}

export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '—'
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`
}

export function formatUsd(usd: number | null): string {
  return usd === null ? '—' : `$${usd.toFixed(4)}`
}

export function formatMs(ms: number | null): string {
  return ms === null ? '—' : `${ms} ms`
}
