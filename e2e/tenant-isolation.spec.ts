import { expect, request as playwrightRequest, test } from '@playwright/test'
import { createVerifiedOrganization, inviteAndAccept, signedInContext, uniqueEmail } from './helpers'
import { signedInApiRoutes } from './routes'

interface Probe {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
  route: string
  // Builds the request from organization B's records.
  path: (b: OrgB) => string
  body?: (b: OrgB) => unknown
}

interface OrgB {
  ownerId: string
  agentId: string
  agentEmail: string
  ownerEmail: string
  invitationId: string
}

// Every signed-in API route and method, called by organization A with organization B's ids.
const PROBES: Probe[] = [
  { method: 'GET', route: '/api/team', path: () => '/api/team' },
  { method: 'POST', route: '/api/team', path: () => '/api/team', body: () => ({ name: 'Probe', email: uniqueEmail('probe'), role: 'AGENT' }) },
  { method: 'PATCH', route: '/api/team/[userId]', path: (b) => `/api/team/${b.agentId}`, body: () => ({ role: 'ADMIN' }) },
  { method: 'DELETE', route: '/api/team/[userId]', path: (b) => `/api/team/${b.agentId}` },
  { method: 'PATCH', route: '/api/team/[userId]', path: (b) => `/api/team/${b.ownerId}`, body: () => ({ role: 'AGENT' }) },
  { method: 'DELETE', route: '/api/team/[userId]', path: (b) => `/api/team/${b.ownerId}` },
  { method: 'DELETE', route: '/api/team/invitations/[invitationId]', path: (b) => `/api/team/invitations/${b.invitationId}` },
]

test('every signed-in API route refuses organization B’s records to a member of organization A', async ({ baseURL }) => {
  const anonymous = await playwrightRequest.newContext({ baseURL })
  const a = await createVerifiedOrganization(anonymous, 'a')
  const b = await createVerifiedOrganization(anonymous, 'b')

  const asB = await signedInContext(baseURL!, b.ownerEmail)
  const agentEmail = uniqueEmail('b-agent')
  await inviteAndAccept(asB, anonymous, { name: 'Bea Agent', email: agentEmail, role: 'AGENT' })
  const pending = await asB.post('/api/team', { data: { name: 'Bo Pending', email: uniqueEmail('b-pending'), role: 'ADMIN' } })
  expect(pending.status()).toBe(201)
  const membersOfB = (await (await asB.get('/api/team')).json()).members as { id: string; email: string }[]
  const orgB: OrgB = {
    ownerId: membersOfB.find((member) => member.email === b.ownerEmail)!.id,
    ownerEmail: b.ownerEmail,
    agentId: membersOfB.find((member) => member.email === agentEmail)!.id,
    agentEmail,
    invitationId: (await pending.json()).invitation.id,
  }

  // The probe table must name every method of every signed-in route, so a new route cannot skip this test.
  const covered = new Set(PROBES.map((probe) => `${probe.method} ${probe.route}`))
  for (const { route, methods } of signedInApiRoutes()) {
    for (const method of methods) expect(covered, `${method} ${route} has no tenant-isolation probe`).toContain(`${method} ${route}`)
  }

  const asA = await signedInContext(baseURL!, a.ownerEmail)
  for (const probe of PROBES) {
    const response = await asA.fetch(probe.path(orgB), { method: probe.method, data: probe.body?.(orgB) })
    const text = await response.text()
    const label = `${probe.method} ${probe.path(orgB)}`
    // Nothing of B's may come back, whatever the status.
    for (const secret of [orgB.agentEmail, orgB.ownerEmail, 'Bea Agent', 'Owner b', 'Bo Pending']) expect(text, label).not.toContain(secret)
    if (probe.method === 'GET' || probe.method === 'POST') expect(response.status(), label).toBeLessThan(500)
    else expect([403, 404], label).toContain(response.status())
  }

  // B's records are untouched.
  const team = await (await asB.get('/api/team')).json()
  expect(team.members.map((member: { id: string; role: string }) => [member.id, member.role]).sort()).toEqual(
    [[orgB.ownerId, 'OWNER'], [orgB.agentId, 'AGENT']].sort(),
  )
  expect(team.invitations.map((invitation: { id: string }) => invitation.id)).toEqual([orgB.invitationId])
  // And A's own list holds only A.
  const teamA = await (await asA.get('/api/team')).json()
  expect(teamA.members.map((member: { email: string }) => member.email)).toEqual([a.ownerEmail])

  // Without a session every signed-in route answers 401.
  for (const probe of PROBES) {
    const response = await anonymous.fetch(probe.path(orgB), { method: probe.method, data: probe.body?.(orgB) })
    expect(response.status(), `${probe.method} ${probe.route} without a session`).toBe(401)
  }
  await Promise.all([anonymous.dispose(), asA.dispose(), asB.dispose()])
})
