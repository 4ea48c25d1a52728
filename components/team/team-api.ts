import { call } from '@/components/api/client'

export type Role = 'OWNER' | 'ADMIN' | 'AGENT'

export interface Member {
  id: string
  name: string
  email: string
  role: Role
  createdAt: string
  lastLoginAt: string | null
}

export interface Invitation {
  id: string
  name: string
  email: string
  role: Role
  expiresAt: string
  createdAt: string
}

export interface Team {
  members: Member[]
  invitations: Invitation[]
}

export const teamApi = {
  list: () => call<Team>('/api/team'),
  invite: (input: { name: string; email: string; role: 'AGENT' | 'ADMIN' }) => call('/api/team', { method: 'POST', body: JSON.stringify(input) }),
  revokeInvitation: (id: string) => call(`/api/team/invitations/${id}`, { method: 'DELETE' }),
  changeRole: (id: string, role: 'AGENT' | 'ADMIN') => call(`/api/team/${id}`, { method: 'PATCH', body: JSON.stringify({ role }) }),
  remove: (id: string) => call(`/api/team/${id}`, { method: 'DELETE' }),
}
