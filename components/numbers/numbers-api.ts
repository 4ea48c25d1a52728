import { call } from '@/components/api/client'
import type { NumberView } from '@/lib/numbers/number-view'
import type { AvailableNumber, NumberSearch } from '@/lib/numbers/search'

// The Numbers page's calls to the JSON API (documented in the README).

export type PhoneNumber = Omit<NumberView, 'createdAt' | 'releasedAt'> & { createdAt: string; releasedAt: string | null }
export interface Queue {
  id: string
  name: string
  memberUserIds: string[]
  members: { userId: string; name: string }[]
}
export interface SearchResult {
  numbers: AvailableNumber[]
  page: number
  hasMore: boolean
  monthlyPrice: { amount: string; currency: string } | null
  suggestion?: { message: string; search: NumberSearch } | null
}
export type SearchForm = Pick<NumberSearch, 'country' | 'type'> & { areaCode: string; contains: string; region: string; page: number }
export type NumberChanges = Partial<Pick<PhoneNumber, 'friendlyName' | 'routeKind' | 'routeUserId' | 'routeQueueId' | 'greeting' | 'voice' | 'businessHoursId' | 'afterHoursMode' | 'afterHoursMessage'>>

const json = (method: string, body?: unknown): RequestInit => ({ method, ...(body !== undefined && { body: JSON.stringify(body) }) })

export const numbersApi = {
  search: (form: SearchForm) => {
    const query = new URLSearchParams(Object.entries(form).filter(([, value]) => value !== '').map(([key, value]) => [key, String(value)]))
    return call<SearchResult>(`/api/numbers/available?${query}`)
  },
  list: () => call<{ numbers: PhoneNumber[] }>('/api/numbers').then((body) => body.numbers),
  buy: (phoneNumber: string) => call<{ number: PhoneNumber }>('/api/numbers', json('POST', { phoneNumber })),
  configure: (id: string, changes: NumberChanges) => call<{ number: PhoneNumber }>(`/api/numbers/${id}`, json('PATCH', changes)),
  release: (id: string) => call<{ number: PhoneNumber }>(`/api/numbers/${id}`, json('DELETE')),
  reconcile: () => call<{ result: { imported: string[]; missing: string[]; restored: string[] } }>('/api/numbers/reconcile', json('POST')),
}

export const queuesApi = {
  list: () => call<{ queues: Queue[] }>('/api/queues').then((body) => body.queues),
  create: (input: { name: string; memberUserIds: string[] }) => call<{ queue: Queue }>('/api/queues', json('POST', input)),
  update: (id: string, input: { name?: string; memberUserIds?: string[] }) => call<{ queue: Queue }>(`/api/queues/${id}`, json('PATCH', input)),
  remove: (id: string) => call<void>(`/api/queues/${id}`, json('DELETE')),
}
