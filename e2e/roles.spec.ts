import { expect, request as playwrightRequest, test, type APIRequestContext } from '@playwright/test'
import { e2eStack } from '../playwright.config'
import { callWithVoicemail, createVerifiedOrganization, inviteAndAccept, signedInContext, uniqueEmail, type CaughtMail } from './helpers'
import { signedInApiRoutes } from './routes'

interface Org {
  agentId: string
  targetId: string
  invitationId: string
  numberId: string
  queueId: string
  scheduleId: string
  callId: string
  voicemailId: string
  recordingId: string
  callFlowId: string
  /** A number still for sale, for the purchase attempt. */
  availableNumber: string
}

type Rule =
  // Any member may call it; the agent must not be refused.
  | { access: 'member'; path: (org: Org) => string; body?: (org: Org) => unknown; absent?: true }
  // OWNER and ADMIN only: the agent gets 403 and nothing changes.
  | { access: 'manager'; path: (org: Org) => string; body?: (org: Org) => unknown }
  // OWNER and ADMIN, and the agent who handled the call: this agent did not, so gets 403.
  | { access: 'handler'; path: (org: Org) => string; body?: (org: Org) => unknown }

// Every method of every signed-in route, with who may call it.
const RULES: Record<string, Rule> = {
  'GET /api/team': { access: 'member', path: () => '/api/team' },
  'POST /api/team': { access: 'manager', path: () => '/api/team', body: () => ({ name: 'Sneaky Admin', email: uniqueEmail('sneaky'), role: 'ADMIN' }) },
  'PATCH /api/team/[userId]': { access: 'manager', path: (org) => `/api/team/${org.targetId}`, body: () => ({ role: 'ADMIN' }) },
  'DELETE /api/team/[userId]': { access: 'manager', path: (org) => `/api/team/${org.targetId}` },
  'DELETE /api/team/invitations/[invitationId]': { access: 'manager', path: (org) => `/api/team/invitations/${org.invitationId}` },
  'GET /api/organization': { access: 'member', path: () => '/api/organization' },
  'POST /api/organization/provisioning/retry': { access: 'manager', path: () => '/api/organization/provisioning/retry' },
  'GET /api/numbers/available': { access: 'member', path: () => '/api/numbers/available?country=US&type=local&areaCode=415' },
  'GET /api/numbers': { access: 'member', path: () => '/api/numbers' },
  'POST /api/numbers': { access: 'manager', path: () => '/api/numbers', body: (org) => ({ phoneNumber: org.availableNumber }) },
  'GET /api/numbers/[id]': { access: 'member', path: (org) => `/api/numbers/${org.numberId}` },
  'PATCH /api/numbers/[id]': { access: 'manager', path: (org) => `/api/numbers/${org.numberId}`, body: () => ({ friendlyName: 'Agent was here', routeKind: 'AI' }) },
  'DELETE /api/numbers/[id]': { access: 'manager', path: (org) => `/api/numbers/${org.numberId}` },
  'POST /api/numbers/reconcile': { access: 'manager', path: () => '/api/numbers/reconcile' },
  'GET /api/queues': { access: 'member', path: () => '/api/queues' },
  'POST /api/queues': { access: 'manager', path: () => '/api/queues', body: (org) => ({ name: 'Agent queue', memberUserIds: [org.agentId] }) },
  'PATCH /api/queues/[id]': { access: 'manager', path: (org) => `/api/queues/${org.queueId}`, body: () => ({ name: 'Renamed by agent' }) },
  'DELETE /api/queues/[id]': { access: 'manager', path: (org) => `/api/queues/${org.queueId}` },
  // Every member works the queues; taking needs a waiting caller, so an unknown queue shows the agent is not refused.
  'GET /api/queues/[id]/callers': { access: 'member', path: (org) => `/api/queues/${org.queueId}/callers` },
  'POST /api/queues/[id]/take': { access: 'member', path: () => '/api/queues/no-such-queue/take', body: () => ({}), absent: true },
  // The call controls are every agent's, on their own call (none here: 404, not 403).
  'POST /api/softphone/calls/[callSid]/hold': { access: 'member', path: () => `/api/softphone/calls/CA${'0'.repeat(32)}/hold`, body: () => ({ hold: true }), absent: true },
  'POST /api/softphone/calls/[callSid]/transfer': { access: 'member', path: () => `/api/softphone/calls/CA${'0'.repeat(32)}/transfer`, body: () => ({ mode: 'warm', target: { type: 'number', number: '+14155550100' } }), absent: true },
  'POST /api/softphone/calls/[callSid]/transfer/complete': { access: 'member', path: () => `/api/softphone/calls/CA${'0'.repeat(32)}/transfer/complete`, absent: true },
  'POST /api/softphone/calls/[callSid]/transfer/cancel': { access: 'member', path: () => `/api/softphone/calls/CA${'0'.repeat(32)}/transfer/cancel`, absent: true },
  'GET /api/business-hours': { access: 'member', path: () => '/api/business-hours' },
  'POST /api/business-hours': { access: 'manager', path: () => '/api/business-hours', body: () => ({ ...SCHEDULE, name: 'Agent hours' }) },
  'GET /api/business-hours/[id]': { access: 'member', path: (org) => `/api/business-hours/${org.scheduleId}` },
  'PUT /api/business-hours/[id]': { access: 'manager', path: (org) => `/api/business-hours/${org.scheduleId}`, body: () => ({ ...SCHEDULE, name: 'Renamed by agent' }) },
  'DELETE /api/business-hours/[id]': { access: 'manager', path: (org) => `/api/business-hours/${org.scheduleId}` },
  'GET /api/calls': { access: 'member', path: () => '/api/calls' },
  'GET /api/calls/[id]': { access: 'member', path: (org) => `/api/calls/${org.callId}` },
  'GET /api/voicemails': { access: 'member', path: () => '/api/voicemails' },
  // Whoever listens to a voicemail may mark it listened.
  'PATCH /api/voicemails/[id]': { access: 'member', path: (org) => `/api/voicemails/${org.voicemailId}`, body: () => ({ listened: true }) },
  'GET /api/usage': { access: 'member', path: () => '/api/usage?from=2026-01-01&to=2026-12-31' },
  'GET /api/recordings': { access: 'member', path: () => '/api/recordings' },
  'POST /api/recordings/[id]/url': { access: 'handler', path: (org) => `/api/recordings/${org.recordingId}/url` },
  'GET /api/recordings/[id]/download': { access: 'handler', path: (org) => `/api/recordings/${org.recordingId}/download` },
  'DELETE /api/recordings/[id]': { access: 'manager', path: (org) => `/api/recordings/${org.recordingId}` },
  'POST /api/calls/[id]/recording': { access: 'handler', path: (org) => `/api/calls/${org.callId}/recording`, body: () => ({ action: 'start' }) },
  'GET /api/organization/recordings': { access: 'member', path: () => '/api/organization/recordings' },
  'PATCH /api/organization/recordings': { access: 'manager', path: () => '/api/organization/recordings', body: () => ({ recordingPolicy: 'NONE' }) },
  'GET /api/ai-settings': { access: 'member', path: () => '/api/ai-settings' },
  'POST /api/voice/token': { access: 'member', path: () => '/api/voice/token' },
  'GET /api/messages': { access: 'member', path: () => '/api/messages' },
  'PATCH /api/messages/[id]': { access: 'member', path: () => '/api/messages/no-such-message', body: () => ({ handled: true }), absent: true },
  'POST /api/ai-settings/test-call': { access: 'manager', path: () => '/api/ai-settings/test-call', body: (org) => ({ phoneNumberId: org.numberId }) },
  'DELETE /api/ai-settings/test-call/[id]': { access: 'manager', path: (org) => `/api/ai-settings/test-call/${org.callId}` },
  'PUT /api/agents/me/availability': { access: 'member', path: () => '/api/agents/me/availability', body: () => ({ status: 'BUSY' }) },
  'GET /api/agents': { access: 'member', path: () => '/api/agents' },
  'PUT /api/ai-settings': { access: 'manager', path: () => '/api/ai-settings', body: () => AI_SETTINGS },
  'GET /api/numbers/[id]/ai-settings': { access: 'member', path: (org) => `/api/numbers/${org.numberId}/ai-settings` },
  'PUT /api/numbers/[id]/ai-settings': { access: 'manager', path: (org) => `/api/numbers/${org.numberId}/ai-settings`, body: () => ({ language: 'es' }) },
  // Agents read call flows (to know where callers go); only owners and admins change them.
  'GET /api/call-flows': { access: 'member', path: () => '/api/call-flows' },
  'POST /api/call-flows': { access: 'manager', path: () => '/api/call-flows', body: () => ({ ...FLOW, name: 'Agent flow' }) },
  'GET /api/call-flows/[id]': { access: 'member', path: (org) => `/api/call-flows/${org.callFlowId}` },
  'PUT /api/call-flows/[id]': { access: 'manager', path: (org) => `/api/call-flows/${org.callFlowId}`, body: () => ({ ...FLOW, name: 'Renamed by agent' }) },
  'DELETE /api/call-flows/[id]': { access: 'manager', path: (org) => `/api/call-flows/${org.callFlowId}` },
}

const AI_SETTINGS = {
  businessDescription: 'Changed by an agent',
  instructions: '',
  greeting: 'Hello.',
  voice: 'alloy',
  language: 'en',
  tools: { business_hours: true, take_message: true, transfer_call: true, end_call: true },
  transferQueues: [],
  transferWhen: '',
  turnDetection: { type: 'server_vad', threshold: 0.5, silenceMs: 500 },
  minBargeInMs: 200,
}

const FLOW = {
  name: 'Front desk menu',
  entry: { open: 'main' },
  steps: { main: { kind: 'menu', prompt: 'Press 1 for voicemail.', timeoutSeconds: 5, retries: 1, options: [{ digit: '1', next: 'vm' }], defaultNext: 'vm' }, vm: { kind: 'voicemail' } },
}

const SCHEDULE = { name: 'Front desk hours', timeZone: 'America/New_York', intervals: [{ dayOfWeek: 1, startMinute: 540, endMinute: 1020 }], exceptions: [] }

/** Everything an owner/admin route could change, as the owner sees it. */
async function snapshot(asOwner: APIRequestContext) {
  const get = async (path: string) => (await asOwner.get(path)).json()
  const [team, numbers, queues, organization, schedules, recordings, recordingSettings, callFlows] = await Promise.all([get('/api/team'), get('/api/numbers?includeReleased=true'), get('/api/queues'), get('/api/organization'), get('/api/business-hours'), get('/api/recordings'), get('/api/organization/recordings'), get('/api/call-flows')])
  return { team: await teamSnapshot(team), numbers: numbers.numbers, queues: queues.queues, provisioning: organization.organization.provisioningStatus, schedules: schedules.schedules, recordings: recordings.recordings, recordingSettings: recordingSettings.settings, callFlows: callFlows.callFlows }
}

async function teamSnapshot(team: { members: { id: string; role: string }[]; invitations: { id: string }[] }) {
  return {
    members: team.members.map((member: { id: string; role: string }) => `${member.id}:${member.role}`).sort(),
    invitations: team.invitations.map((invitation: { id: string }) => invitation.id).sort(),
  }
}

const newestMailId = async () => ((await (await fetch(`${e2eStack.SANDBOX_URL}/sandbox/api/mail`)).json()) as CaughtMail[])[0]?.id

test('an agent calling any owner/admin route gets 403 and changes nothing', async ({ baseURL }) => {
  test.setTimeout(180_000)
  const anonymous = await playwrightRequest.newContext({ baseURL })
  const { ownerEmail } = await createVerifiedOrganization(anonymous, 'roles')
  const asOwner = await signedInContext(baseURL!, ownerEmail)
  const agentEmail = uniqueEmail('roles-agent')
  const targetEmail = uniqueEmail('roles-target')
  await inviteAndAccept(asOwner, anonymous, { name: 'Ray Agent', email: agentEmail, role: 'AGENT' })
  await inviteAndAccept(asOwner, anonymous, { name: 'Tia Target', email: targetEmail, role: 'AGENT' })
  const pending = await asOwner.post('/api/team', { data: { name: 'Pat Pending', email: uniqueEmail('roles-pending'), role: 'AGENT' } })
  const members = (await (await asOwner.get('/api/team')).json()).members as { id: string; email: string }[]
  const agentId = members.find((member) => member.email === agentEmail)!.id
  // Numbers and queues to aim at: provisioning runs as a job after verification.
  await expect.poll(async () => (await (await asOwner.get('/api/organization')).json()).organization.provisioningStatus, { timeout: 30_000 }).toBe('READY')
  const [forOwner, forAgent] = (await (await asOwner.get('/api/numbers/available?country=US&type=local&areaCode=212')).json()).numbers
  const bought = await asOwner.post('/api/numbers', { data: { phoneNumber: forOwner.phoneNumber } })
  expect(bought.status()).toBe(201)
  const queue = await asOwner.post('/api/queues', { data: { name: 'Front desk', memberUserIds: [agentId] } })
  expect(queue.status()).toBe(201)
  const schedule = await asOwner.post('/api/business-hours', { data: SCHEDULE })
  expect(schedule.status()).toBe(201)
  const callFlow = await asOwner.post('/api/call-flows', { data: FLOW })
  expect(callFlow.status()).toBe(201)
  const organizationId = (await (await asOwner.get('/api/organization')).json()).organization.id
  const callSid = await callWithVoicemail(baseURL!, organizationId, 'Please call the front desk back')
  const callId = (await (await asOwner.get('/api/calls')).json()).calls.find((call: { callSid: string }) => call.callSid === callSid).id
  const voicemailId = (await (await asOwner.get('/api/voicemails')).json()).voicemails[0].id
  const recordingId = (await (await asOwner.get('/api/recordings')).json()).recordings[0].id
  // The voicemail's transfer runs as a job (the sandbox never had this recording, so it fails); let it settle before snapshots.
  await expect.poll(async () => (await (await asOwner.get('/api/recordings')).json()).recordings[0].status, { timeout: 30_000 }).not.toBe('PENDING')
  const org: Org = {
    agentId,
    targetId: members.find((member) => member.email === targetEmail)!.id,
    invitationId: (await pending.json()).invitation.id,
    numberId: (await bought.json()).number.id,
    queueId: (await queue.json()).queue.id,
    scheduleId: (await schedule.json()).schedule.id,
    callId,
    voicemailId,
    recordingId,
    callFlowId: (await callFlow.json()).callFlow.id,
    availableNumber: forAgent.phoneNumber,
  }

  // The rule table must name every method of every signed-in route, so a new route cannot skip this test.
  for (const { route, methods } of signedInApiRoutes()) {
    for (const method of methods) expect(Object.keys(RULES), `${method} ${route} has no role rule`).toContain(`${method} ${route}`)
  }

  const asAgent = await signedInContext(baseURL!, agentEmail)
  for (const [name, rule] of Object.entries(RULES)) {
    const method = name.split(' ')[0]!
    const before = await snapshot(asOwner)
    const mailBefore = await newestMailId()
    const response = await asAgent.fetch(rule.path(org), { method, data: rule.body?.(org) })
    if (rule.access === 'member') {
      // `absent`: the fixture has no such record, so "not refused" is a 404 rather than a 403.
      if (rule.absent) expect(response.status(), name).toBe(404)
      else expect(response.status(), name).toBeLessThan(300)
      continue
    }
    if (rule.access === 'handler') {
      expect(response.status(), name).toBe(403)
      expect(await snapshot(asOwner), `${name} changed something`).toEqual(before)
      continue
    }
    expect(response.status(), name).toBe(403)
    expect(await response.json(), name).toEqual({ error: 'You do not have permission to do this.' })
    expect(await snapshot(asOwner), `${name} changed something`).toEqual(before)
    expect(await newestMailId(), `${name} sent mail`).toBe(mailBefore)
  }
  // The agent does not see pending invitations either.
  expect((await (await asAgent.get('/api/team')).json()).invitations).toEqual([])
  await Promise.all([anonymous.dispose(), asOwner.dispose(), asAgent.dispose()])
})
