import { call } from '@/components/api/client'
import type { CallFlowView } from '@/lib/call-flows/call-flows'
import type { FlowDefinition } from '@/lib/call-flows/flow-schema'

// The Call flows page's calls to the JSON API (documented in the README).

export type CallFlow = Omit<CallFlowView, 'createdAt' | 'updatedAt'> & { createdAt: string; updatedAt: string }
export type FlowDraft = { name: string } & FlowDefinition
export interface Directory {
  members: { id: string; name: string }[]
  queues: { id: string; name: string }[]
  numbers: { id: string; phoneNumber: string; friendlyName: string; callFlowId: string | null }[]
}

const json = (method: string, body?: unknown): RequestInit => ({ method, ...(body !== undefined && { body: JSON.stringify(body) }) })

export const callFlowsApi = {
  list: () => call<{ callFlows: CallFlow[] }>('/api/call-flows').then((body) => body.callFlows),
  create: (draft: FlowDraft) => call<{ callFlow: CallFlow }>('/api/call-flows', json('POST', draft)).then((body) => body.callFlow),
  save: (id: string, draft: FlowDraft) => call<{ callFlow: CallFlow }>(`/api/call-flows/${id}`, json('PUT', draft)).then((body) => body.callFlow),
  remove: (id: string) => call<void>(`/api/call-flows/${id}`, json('DELETE')),
  assign: (numberId: string, callFlowId: string | null) => call<unknown>(`/api/numbers/${numberId}`, json('PATCH', { callFlowId })),
}
