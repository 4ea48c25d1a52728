import { expect, request as playwrightRequest, test, type APIRequestContext } from '@playwright/test'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { STRONG_PASSWORD, uniqueEmail } from './helpers'

// Routes that authenticate otherwise (session creation, sign-up, health, Twilio signatures, the
// media server's signed requests).
const PUBLIC_ROUTES = new Set(['/api/auth/[...nextauth]', '/api/signup', '/api/health', '/api/internal/media/accounts/[accountSid]', '/api/internal/media/stream-claims'])

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
}

// Every signed-in API route and method, called by organization A with organization B's ids.
const PROBES: Probe[] = [
  { method: 'GET', route: '/api/team', path: () => '/api/team' },
  { method: 'POST', route: '/api/team', path: () => '/api/team', body: (b) => ({ name: 'Dup', email: b.agentEmail, role: 'AGENT', password: 'another-pass-991' }) },
  { method: 'PATCH', route: '/api/team/[userId]', path: (b) => `/api/team/${b.agentId}`, body: () => ({ role: 'ADMIN' }) },
  { method: 'DELETE', route: '/api/team/[userId]', path: (b) => `/api/team/${b.agentId}` },
  { method: 'PATCH', route: '/api/team/[userId]', path: (b) => `/api/team/${b.ownerId}`, body: () => ({ role: 'AGENT' }) },
  { method: 'DELETE', route: '/api/team/[userId]', path: (b) => `/api/team/${b.ownerId}` },
]

function apiRoutes(dir = path.resolve('app/api'), prefix = '/api'): { route: string; methods: string[] }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return apiRoutes(path.join(dir, entry.name), `${prefix}/${entry.name}`)
    if (entry.name !== 'route.ts') return []
    const source = readFileSync(path.join(dir, entry.name), 'utf8')
    const methods = [...source.matchAll(/export (?:const|async function|function) (GET|POST|PATCH|PUT|DELETE)\b|as (GET|POST|PATCH|PUT|DELETE)\b/g)].map((m) => m[1] ?? m[2]!)
    return [{ route: prefix, methods }]
  })
}

async function signedInContext(baseURL: string, email: string): Promise<APIRequestContext> {
  const context = await playwrightRequest.newContext({ baseURL })
  const { csrfToken } = await (await context.get('/api/auth/csrf')).json()
  const response = await context.post('/api/auth/callback/credentials', { form: { csrfToken, email, password: STRONG_PASSWORD, json: 'true' } })
  expect(response.ok()).toBe(true)
  expect((await context.storageState()).cookies.some((cookie) => cookie.name.endsWith('next-auth.session-token'))).toBe(true)
  return context
}

async function createOrganization(context: APIRequestContext, label: string) {
  const ownerEmail = uniqueEmail(`${label}-owner`)
  const response = await context.post('/api/signup', { data: { organizationName: `Org ${label}`, name: `Owner ${label}`, email: ownerEmail, password: STRONG_PASSWORD } })
  expect(response.status()).toBe(201)
  return { ownerEmail, ...(await response.json()) as { organizationId: string; userId: string } }
}

test('every signed-in API route refuses organization B’s records to a member of organization A', async ({ baseURL }) => {
  const anonymous = await playwrightRequest.newContext({ baseURL })
  const a = await createOrganization(anonymous, 'a')
  const b = await createOrganization(anonymous, 'b')

  const asB = await signedInContext(baseURL!, b.ownerEmail)
  const agentEmail = uniqueEmail('b-agent')
  const addAgent = await asB.post('/api/team', { data: { name: 'Bea Agent', email: agentEmail, role: 'AGENT', password: 'agent-pass-8812' } })
  expect(addAgent.status()).toBe(201)
  const orgB: OrgB = { ownerId: b.userId, ownerEmail: b.ownerEmail, agentId: (await addAgent.json()).member.id, agentEmail }

  // The probe table must name every method of every signed-in route, so a new route cannot skip this test.
  const covered = new Set(PROBES.map((probe) => `${probe.method} ${probe.route}`))
  for (const { route, methods } of apiRoutes().filter(({ route }) => !PUBLIC_ROUTES.has(route) && !route.startsWith('/api/voice'))) {
    for (const method of methods) expect(covered, `${method} ${route} has no tenant-isolation probe`).toContain(`${method} ${route}`)
  }

  const asA = await signedInContext(baseURL!, a.ownerEmail)
  for (const probe of PROBES) {
    const response = await asA.fetch(probe.path(orgB), { method: probe.method, data: probe.body?.(orgB) })
    const text = await response.text()
    const label = `${probe.method} ${probe.path(orgB)}`
    // Nothing of B's may come back, whatever the status.
    for (const secret of [orgB.agentEmail, orgB.ownerEmail, 'Bea Agent', 'Owner b']) expect(text, label).not.toContain(secret)
    if (probe.method === 'GET' || probe.method === 'POST') expect(response.status(), label).toBeLessThan(500)
    else expect([403, 404], label).toContain(response.status())
  }

  // B's records are untouched.
  const team = await (await asB.get('/api/team')).json()
  expect(team.members.map((member: { id: string; role: string }) => [member.id, member.role]).sort()).toEqual(
    [[orgB.ownerId, 'OWNER'], [orgB.agentId, 'AGENT']].sort(),
  )
  // And A's own list holds only A.
  const teamA = await (await asA.get('/api/team')).json()
  expect(teamA.members.map((member: { id: string }) => member.id)).toEqual([a.userId])

  // Without a session every signed-in route answers 401.
  for (const probe of PROBES) {
    const response = await anonymous.fetch(probe.path(orgB), { method: probe.method, data: probe.body?.(orgB) })
    expect(response.status(), `${probe.method} ${probe.route} without a session`).toBe(401)
  }
  await Promise.all([anonymous.dispose(), asA.dispose(), asB.dispose()])
})
