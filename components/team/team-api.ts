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

export const teamApi = {
  list: () => call<{ members: Member[] }>('/api/team').then((body) => body.members),
  add: (input: { name: string; email: string; role: 'AGENT' | 'ADMIN'; password: string }) => call('/api/team', { method: 'POST', body: JSON.stringify(input) }),
  changeRole: (id: string, role: 'AGENT' | 'ADMIN') => call(`/api/team/${id}`, { method: 'PATCH', body: JSON.stringify({ role }) }),
  remove: (id: string) => call(`/api/team/${id}`, { method: 'DELETE' }),
}
