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
  numberId: string
  phoneNumber: string
  queueId: string
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
  // The organization routes take no ids: they can only ever answer about the caller's own.
  { method: 'GET', route: '/api/organization', path: () => '/api/organization' },
  { method: 'POST', route: '/api/organization/provisioning/retry', path: () => '/api/organization/provisioning/retry' },
  { method: 'GET', route: '/api/numbers/available', path: () => '/api/numbers/available?country=US&type=local&areaCode=415' },
  { method: 'GET', route: '/api/numbers', path: () => '/api/numbers?includeReleased=true' },
  { method: 'POST', route: '/api/numbers', path: () => '/api/numbers', body: (b) => ({ phoneNumber: b.phoneNumber }) },
  { method: 'GET', route: '/api/numbers/[id]', path: (b) => `/api/numbers/${b.numberId}` },
  { method: 'PATCH', route: '/api/numbers/[id]', path: (b) => `/api/numbers/${b.numberId}`, body: () => ({ friendlyName: 'Taken over', routeKind: 'AI' }) },
  { method: 'DELETE', route: '/api/numbers/[id]', path: (b) => `/api/numbers/${b.numberId}` },
  { method: 'POST', route: '/api/numbers/reconcile', path: () => '/api/numbers/reconcile' },
  { method: 'GET', route: '/api/queues', path: () => '/api/queues' },
  { method: 'POST', route: '/api/queues', path: () => '/api/queues', body: (b) => ({ name: 'Poached', memberUserIds: [b.agentId] }) },
  { method: 'PATCH', route: '/api/queues/[id]', path: (b) => `/api/queues/${b.queueId}`, body: () => ({ name: 'Taken over' }) },
  { method: 'DELETE', route: '/api/queues/[id]', path: (b) => `/api/queues/${b.queueId}` },
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

/** Provisioning runs as a job after sign-up; numbers can be bought once it is done. */
async function waitUntilReady(context: APIRequestContext) {
  await expect
    .poll(async () => (await (await context.get('/api/organization')).json()).organization.provisioningStatus, { timeout: 30_000 })
    .toBe('READY')
}

test('every signed-in API route refuses organization B’s records to a member of organization A', async ({ baseURL }) => {
  const anonymous = await playwrightRequest.newContext({ baseURL })
  const a = await createOrganization(anonymous, 'a')
  const b = await createOrganization(anonymous, 'b')

  const asB = await signedInContext(baseURL!, b.ownerEmail)
  const agentEmail = uniqueEmail('b-agent')
  const addAgent = await asB.post('/api/team', { data: { name: 'Bea Agent', email: agentEmail, role: 'AGENT', password: 'agent-pass-8812' } })
  expect(addAgent.status()).toBe(201)
  const agentId = (await addAgent.json()).member.id
  await waitUntilReady(asB)
  const [available] = (await (await asB.get('/api/numbers/available?country=US&type=local&areaCode=212')).json()).numbers
  const bought = await asB.post('/api/numbers', { data: { phoneNumber: available.phoneNumber } })
  expect(bought.status()).toBe(201)
  const queue = await asB.post('/api/queues', { data: { name: 'B support', memberUserIds: [agentId] } })
  expect(queue.status()).toBe(201)
  const orgB: OrgB = {
    ownerId: b.userId,
    ownerEmail: b.ownerEmail,
    agentId,
    agentEmail,
    numberId: (await bought.json()).number.id,
    phoneNumber: available.phoneNumber,
    queueId: (await queue.json()).queue.id,
  }
  const asAForReadiness = await signedInContext(baseURL!, a.ownerEmail)
  await waitUntilReady(asAForReadiness)
  await asAForReadiness.dispose()

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
    for (const secret of [orgB.agentEmail, orgB.ownerEmail, 'Bea Agent', 'Owner b', orgB.phoneNumber, orgB.numberId, 'B support']) expect(text, label).not.toContain(secret)
    if (probe.method === 'GET' || probe.method === 'POST') expect(response.status(), label).toBeLessThan(500)
    else expect([403, 404], label).toContain(response.status())
  }

  // B's records are untouched.
  const team = await (await asB.get('/api/team')).json()
  expect(team.members.map((member: { id: string; role: string }) => [member.id, member.role]).sort()).toEqual(
    [[orgB.ownerId, 'OWNER'], [orgB.agentId, 'AGENT']].sort(),
  )
  const numbersB = await (await asB.get('/api/numbers')).json()
  expect(numbersB.numbers.map((number: { id: string; friendlyName: string; status: string }) => [number.id, number.status])).toEqual([[orgB.numberId, 'ACTIVE']])
  expect(numbersB.numbers[0].friendlyName).not.toBe('Taken over')
  const queuesB = await (await asB.get('/api/queues')).json()
  expect(queuesB.queues.map((queue: { id: string; name: string; memberUserIds: string[] }) => [queue.id, queue.name, queue.memberUserIds])).toEqual([[orgB.queueId, 'B support', [orgB.agentId]]])
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
