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

export class ApiProblem extends Error {
  constructor(
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message)
  }
}

async function call<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, { ...init, headers: { 'content-type': 'application/json', ...init?.headers } })
  if (response.status === 204) return undefined as T
  const body = await response.json().catch(() => ({ error: 'Something went wrong. Please try again.' }))
  if (!response.ok) throw new ApiProblem(body.error, body.fields)
  return body as T
}

export const teamApi = {
  list: () => call<Team>('/api/team'),
  invite: (input: { name: string; email: string; role: 'AGENT' | 'ADMIN' }) => call('/api/team', { method: 'POST', body: JSON.stringify(input) }),
  revokeInvitation: (id: string) => call(`/api/team/invitations/${id}`, { method: 'DELETE' }),
  changeRole: (id: string, role: 'AGENT' | 'ADMIN') => call(`/api/team/${id}`, { method: 'PATCH', body: JSON.stringify({ role }) }),
  remove: (id: string) => call(`/api/team/${id}`, { method: 'DELETE' }),
}
