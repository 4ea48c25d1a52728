import { call as apiCall, queryString } from '@/components/api/client'
import type { CallView } from '@/lib/calls/call-log'

export type { CallView }

export interface CallFilters {
  direction?: string
  status?: string
  handler?: string
  numberId?: string
  from?: string
  to?: string
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
  messages: { id: string; kind: string; body: string; createdAt: string }[]
}

export const LIVE_STATUSES = ['queued', 'initiated', 'ringing', 'in-progress']

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
