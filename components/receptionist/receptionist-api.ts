import { call } from '@/components/api/client'
import type { ReceptionistSettings, SettingsOverrides } from '@/lib/receptionist/settings'

// The AI receptionist page's calls to the JSON API (documented in the README).

export type { ReceptionistSettings, SettingsOverrides }

export interface Agent {
  id: string
  name: string
  role: string
  availability: 'AVAILABLE' | 'BUSY' | 'OFFLINE'
}

const json = (method: string, body: unknown): RequestInit => ({ method, body: JSON.stringify(body) })

export const receptionistApi = {
  organization: () => call<{ settings: ReceptionistSettings }>('/api/ai-settings').then((body) => body.settings),
  saveOrganization: (settings: ReceptionistSettings) => call<{ settings: ReceptionistSettings }>('/api/ai-settings', json('PUT', settings)).then((body) => body.settings),
  number: (id: string) => call<{ overrides: SettingsOverrides; effective: ReceptionistSettings }>(`/api/numbers/${id}/ai-settings`),
  saveNumber: (id: string, overrides: SettingsOverrides) => call<{ overrides: SettingsOverrides; effective: ReceptionistSettings }>(`/api/numbers/${id}/ai-settings`, json('PUT', overrides)),
  agents: () => call<{ agents: Agent[] }>('/api/agents').then((body) => body.agents),
  testCall: (phoneNumberId: string) => call<{ callId: string; callSid: string }>('/api/ai-settings/test-call', json('POST', { phoneNumberId })),
  endTestCall: (callId: string) => call<void>(`/api/ai-settings/test-call/${callId}`, { method: 'DELETE' }),
}

