import { expect, request as playwrightRequest, test, type APIRequestContext } from '@playwright/test'
import { e2eStack } from '../playwright.config'
import { createVerifiedOrganization, inviteAndAccept, signedInContext, uniqueEmail, type CaughtMail } from './helpers'
import { signedInApiRoutes } from './routes'

interface Org {
  agentId: string
  targetId: string
  invitationId: string
}

type Rule =
  // Any member may call it; the agent must not be refused.
  | { access: 'member'; path: (org: Org) => string }
  // OWNER and ADMIN only: the agent gets 403 and nothing changes.
  | { access: 'manager'; path: (org: Org) => string; body?: () => unknown }

// Every method of every signed-in route, with who may call it.
const RULES: Record<string, Rule> = {
  'GET /api/team': { access: 'member', path: () => '/api/team' },
  'POST /api/team': { access: 'manager', path: () => '/api/team', body: () => ({ name: 'Sneaky Admin', email: uniqueEmail('sneaky'), role: 'ADMIN' }) },
  'PATCH /api/team/[userId]': { access: 'manager', path: (org) => `/api/team/${org.targetId}`, body: () => ({ role: 'ADMIN' }) },
  'DELETE /api/team/[userId]': { access: 'manager', path: (org) => `/api/team/${org.targetId}` },
  'DELETE /api/team/invitations/[invitationId]': { access: 'manager', path: (org) => `/api/team/invitations/${org.invitationId}` },
}

async function teamSnapshot(asOwner: APIRequestContext) {
  const team = await (await asOwner.get('/api/team')).json()
  return {
    members: team.members.map((member: { id: string; role: string }) => `${member.id}:${member.role}`).sort(),
    invitations: team.invitations.map((invitation: { id: string }) => invitation.id).sort(),
  }
}

const newestMailId = async () => ((await (await fetch(`${e2eStack.SANDBOX_URL}/sandbox/api/mail`)).json()) as CaughtMail[])[0]?.id

test('an agent calling any owner/admin route gets 403 and changes nothing', async ({ baseURL }) => {
  const anonymous = await playwrightRequest.newContext({ baseURL })
  const { ownerEmail } = await createVerifiedOrganization(anonymous, 'roles')
  const asOwner = await signedInContext(baseURL!, ownerEmail)
  const agentEmail = uniqueEmail('roles-agent')
  const targetEmail = uniqueEmail('roles-target')
  await inviteAndAccept(asOwner, anonymous, { name: 'Ray Agent', email: agentEmail, role: 'AGENT' })
  await inviteAndAccept(asOwner, anonymous, { name: 'Tia Target', email: targetEmail, role: 'AGENT' })
  const pending = await asOwner.post('/api/team', { data: { name: 'Pat Pending', email: uniqueEmail('roles-pending'), role: 'AGENT' } })
  const members = (await (await asOwner.get('/api/team')).json()).members as { id: string; email: string }[]
  const org: Org = {
    agentId: members.find((member) => member.email === agentEmail)!.id,
    targetId: members.find((member) => member.email === targetEmail)!.id,
    invitationId: (await pending.json()).invitation.id,
  }

  // The rule table must name every method of every signed-in route, so a new route cannot skip this test.
  for (const { route, methods } of signedInApiRoutes()) {
    for (const method of methods) expect(Object.keys(RULES), `${method} ${route} has no role rule`).toContain(`${method} ${route}`)
  }

  const asAgent = await signedInContext(baseURL!, agentEmail)
  for (const [name, rule] of Object.entries(RULES)) {
    const method = name.split(' ')[0]!
    const before = await teamSnapshot(asOwner)
    const mailBefore = await newestMailId()
    const response = await asAgent.fetch(rule.path(org), { method, data: rule.access === 'manager' ? rule.body?.() : undefined })
    if (rule.access === 'member') {
      expect(response.status(), name).toBeLessThan(300)
      continue
    }
    expect(response.status(), name).toBe(403)
    expect(await response.json(), name).toEqual({ error: 'You do not have permission to do this.' })
    expect(await teamSnapshot(asOwner), `${name} changed the team`).toEqual(before)
    expect(await newestMailId(), `${name} sent mail`).toBe(mailBefore)
  }
  // The agent does not see pending invitations either.
  expect((await (await asAgent.get('/api/team')).json()).invitations).toEqual([])
  await Promise.all([anonymous.dispose(), asOwner.dispose(), asAgent.dispose()])
})
