import { expect, request as playwrightRequest, test, type APIRequestContext } from '@playwright/test'
import { callWithVoicemail, createVerifiedOrganization, inviteAndAccept, signedInContext, uniqueEmail } from './helpers'
import { signedInApiRoutes } from './routes'

interface Probe {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
  route: string
  // Builds the request from organization B's records.
  path: (b: OrgB) => string
  body?: (b: OrgB) => unknown
  /** The route acts on the caller's own organization only (no ids): it may succeed, but must not leak. */
  own?: true
}

interface OrgB {
  numberId: string
  phoneNumber: string
  queueId: string
  ownerId: string
  agentId: string
  agentEmail: string
  ownerEmail: string
  invitationId: string
  scheduleId: string
  callId: string
  /** The CallSid of B's call: the softphone's call controls name a call by it. */
  callSid: string
  voicemailId: string
  recordingId: string
  callFlowId: string
}

const B_SCHEDULE = { name: 'Bravo hours', timeZone: 'Europe/Paris', intervals: [{ dayOfWeek: 1, startMinute: 480, endMinute: 960 }], exceptions: [{ date: '2026-12-25', closed: true, label: 'Bravo Noel' }] }
const B_TRANSCRIPT = 'Bravo secret voicemail transcript'
const flowTo = (name: string, queueId: string) => ({
  name,
  entry: { open: 'main' },
  steps: { main: { kind: 'menu', name: `${name} main`, prompt: 'Press 1 for support.', timeoutSeconds: 5, retries: 1, options: [{ digit: '1', keywords: ['support'], next: 'support' }], defaultNext: 'support' }, support: { kind: 'queue', queueId } },
})
const A_SCHEDULE = { name: 'Alpha hours', timeZone: 'UTC', intervals: [{ dayOfWeek: 2, startMinute: 600, endMinute: 720 }], exceptions: [] }

// Every signed-in API route and method, called by organization A with organization B's ids.
const PROBES: Probe[] = [
  { method: 'GET', route: '/api/team', path: () => '/api/team' },
  { method: 'POST', route: '/api/team', path: () => '/api/team', body: () => ({ name: 'Probe', email: uniqueEmail('probe'), role: 'AGENT' }) },
  { method: 'PATCH', route: '/api/team/[userId]', path: (b) => `/api/team/${b.agentId}`, body: () => ({ role: 'ADMIN' }) },
  { method: 'DELETE', route: '/api/team/[userId]', path: (b) => `/api/team/${b.agentId}` },
  { method: 'PATCH', route: '/api/team/[userId]', path: (b) => `/api/team/${b.ownerId}`, body: () => ({ role: 'AGENT' }) },
  { method: 'DELETE', route: '/api/team/[userId]', path: (b) => `/api/team/${b.ownerId}` },
  { method: 'DELETE', route: '/api/team/invitations/[invitationId]', path: (b) => `/api/team/invitations/${b.invitationId}` },
  { method: 'GET', route: '/api/business-hours', path: () => '/api/business-hours' },
  { method: 'POST', route: '/api/business-hours', path: () => '/api/business-hours', body: () => A_SCHEDULE },
  { method: 'GET', route: '/api/business-hours/[id]', path: (b) => `/api/business-hours/${b.scheduleId}` },
  { method: 'PUT', route: '/api/business-hours/[id]', path: (b) => `/api/business-hours/${b.scheduleId}`, body: () => ({ ...A_SCHEDULE, name: 'Hijacked' }) },
  { method: 'DELETE', route: '/api/business-hours/[id]', path: (b) => `/api/business-hours/${b.scheduleId}` },
  { method: 'GET', route: '/api/calls', path: () => '/api/calls' },
  { method: 'GET', route: '/api/calls/[id]', path: (b) => `/api/calls/${b.callId}` },
  { method: 'GET', route: '/api/voicemails', path: () => '/api/voicemails' },
  { method: 'PATCH', route: '/api/voicemails/[id]', path: (b) => `/api/voicemails/${b.voicemailId}`, body: () => ({ listened: true }) },
  { method: 'GET', route: '/api/usage', path: () => '/api/usage?from=2026-01-01&to=2027-12-31' },
  { method: 'GET', route: '/api/recordings', path: (b) => `/api/recordings?callId=${b.callId}` },
  { method: 'POST', route: '/api/recordings/[id]/url', path: (b) => `/api/recordings/${b.recordingId}/url` },
  { method: 'GET', route: '/api/recordings/[id]/download', path: (b) => `/api/recordings/${b.recordingId}/download` },
  { method: 'DELETE', route: '/api/recordings/[id]', path: (b) => `/api/recordings/${b.recordingId}` },
  { method: 'POST', route: '/api/calls/[id]/recording', path: (b) => `/api/calls/${b.callId}/recording`, body: () => ({ action: 'start' }) },
  { method: 'GET', route: '/api/organization/recordings', path: () => '/api/organization/recordings' },
  { method: 'PATCH', route: '/api/organization/recordings', path: () => '/api/organization/recordings', body: () => ({ recordingRetentionDays: 30 }), own: true },
  // The organization routes take no ids: they can only ever answer about the caller's own.
  { method: 'GET', route: '/api/organization', path: () => '/api/organization' },
  { method: 'GET', route: '/api/ai-settings', path: () => '/api/ai-settings' },
  { method: 'PUT', route: '/api/ai-settings', path: () => '/api/ai-settings', body: () => ({ greeting: 'incomplete' }), own: true },
  { method: 'GET', route: '/api/numbers/[id]/ai-settings', path: (b) => `/api/numbers/${b.numberId}/ai-settings` },
  { method: 'PUT', route: '/api/numbers/[id]/ai-settings', path: (b) => `/api/numbers/${b.numberId}/ai-settings`, body: () => ({ language: 'es' }) },
  // The softphone's routes act on the caller alone: their own token, their own availability.
  { method: 'POST', route: '/api/voice/token', path: () => '/api/voice/token' },
  { method: 'PUT', route: '/api/agents/me/availability', path: () => '/api/agents/me/availability', body: () => ({ status: 'BUSY' }), own: true },
  { method: 'GET', route: '/api/agents', path: () => '/api/agents' },
  { method: 'GET', route: '/api/messages', path: () => '/api/messages' },
  { method: 'PATCH', route: '/api/messages/[id]', path: (b) => `/api/messages/${b.callId}`, body: () => ({ handled: true }) },
  { method: 'POST', route: '/api/ai-settings/test-call', path: () => '/api/ai-settings/test-call', body: (b) => ({ phoneNumberId: b.numberId }) },
  { method: 'DELETE', route: '/api/ai-settings/test-call/[id]', path: (b) => `/api/ai-settings/test-call/${b.callId}` },
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
  { method: 'GET', route: '/api/queues/[id]/callers', path: (b) => `/api/queues/${b.queueId}/callers` },
  { method: 'POST', route: '/api/queues/[id]/take', path: (b) => `/api/queues/${b.queueId}/take`, body: () => ({}) },
  // The call controls act only on the caller's own live call: B's call is not one.
  { method: 'POST', route: '/api/softphone/calls/[callSid]/hold', path: (b) => `/api/softphone/calls/${b.callSid}/hold`, body: () => ({ hold: true }) },
  { method: 'POST', route: '/api/softphone/calls/[callSid]/transfer', path: (b) => `/api/softphone/calls/${b.callSid}/transfer`, body: (b) => ({ mode: 'cold', target: { type: 'queue', queueId: b.queueId } }) },
  { method: 'POST', route: '/api/softphone/calls/[callSid]/transfer/complete', path: (b) => `/api/softphone/calls/${b.callSid}/transfer/complete` },
  { method: 'POST', route: '/api/softphone/calls/[callSid]/transfer/cancel', path: (b) => `/api/softphone/calls/${b.callSid}/transfer/cancel` },
  { method: 'GET', route: '/api/call-flows', path: () => '/api/call-flows' },
  // A flow of A's may not send callers to B's queue: refused like any id that is not A's.
  { method: 'POST', route: '/api/call-flows', path: () => '/api/call-flows', body: (b) => flowTo('Poaching flow', b.queueId) },
  { method: 'GET', route: '/api/call-flows/[id]', path: (b) => `/api/call-flows/${b.callFlowId}` },
  { method: 'PUT', route: '/api/call-flows/[id]', path: (b) => `/api/call-flows/${b.callFlowId}`, body: (b) => flowTo('Hijacked flow', b.queueId) },
  { method: 'DELETE', route: '/api/call-flows/[id]', path: (b) => `/api/call-flows/${b.callFlowId}` },
  // Nor may A's number run B's flow.
  { method: 'PATCH', route: '/api/numbers/[id]', path: (b) => `/api/numbers/${b.numberId}`, body: (b) => ({ callFlowId: b.callFlowId }) },
]

/** Provisioning runs as a job after sign-up; numbers can be bought once it is done. */
async function waitUntilReady(context: APIRequestContext) {
  await expect
    .poll(async () => (await (await context.get('/api/organization')).json()).organization.provisioningStatus, { timeout: 30_000 })
    .toBe('READY')
}

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
  const agentId = membersOfB.find((member) => member.email === agentEmail)!.id
  await waitUntilReady(asB)
  const [available] = (await (await asB.get('/api/numbers/available?country=US&type=local&areaCode=212')).json()).numbers
  const bought = await asB.post('/api/numbers', { data: { phoneNumber: available.phoneNumber } })
  expect(bought.status()).toBe(201)
  const queue = await asB.post('/api/queues', { data: { name: 'B support', memberUserIds: [agentId] } })
  expect(queue.status()).toBe(201)
  const schedule = await asB.post('/api/business-hours', { data: B_SCHEDULE })
  expect(schedule.status()).toBe(201)
  const flow = await asB.post('/api/call-flows', { data: flowTo('Bravo menu', (await queue.json()).queue.id) })
  expect(flow.status()).toBe(201)
  const organizationIdOfB = (await (await asB.get('/api/organization')).json()).organization.id
  const bCallSid = await callWithVoicemail(baseURL!, organizationIdOfB, B_TRANSCRIPT)
  const bCall = (await (await asB.get('/api/calls')).json()).calls.find((call: { callSid: string }) => call.callSid === bCallSid)
  const bVoicemail = (await (await asB.get('/api/voicemails')).json()).voicemails[0]
  const bRecording = (await (await asB.get('/api/recordings')).json()).recordings[0]
  expect(bVoicemail.transcription).toBe(B_TRANSCRIPT)
  const orgB: OrgB = {
    ownerId: membersOfB.find((member) => member.email === b.ownerEmail)!.id,
    ownerEmail: b.ownerEmail,
    agentId,
    agentEmail,
    invitationId: (await pending.json()).invitation.id,
    numberId: (await bought.json()).number.id,
    phoneNumber: available.phoneNumber,
    queueId: (await queue.json()).queue.id,
    scheduleId: (await schedule.json()).schedule.id,
    callId: bCall.id,
    callSid: bCallSid,
    voicemailId: bVoicemail.id,
    recordingId: bRecording.id,
    callFlowId: (await flow.json()).callFlow.id,
  }
  const asAForReadiness = await signedInContext(baseURL!, a.ownerEmail)
  await waitUntilReady(asAForReadiness)
  await asAForReadiness.dispose()

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
    for (const secret of [orgB.agentEmail, orgB.ownerEmail, 'Bea Agent', 'Owner b', orgB.phoneNumber, orgB.numberId, 'B support', 'Bravo menu', 'Bo Pending', 'Bravo hours', 'Bravo Noel', B_TRANSCRIPT, '+14155550199']) expect(text, label).not.toContain(secret)
    if (probe.method === 'GET' || probe.method === 'POST' || probe.own) expect(response.status(), label).toBeLessThan(500)
    else expect([403, 404], label).toContain(response.status())
  }

  // B's records are untouched.
  const team = await (await asB.get('/api/team')).json()
  expect(team.members.map((member: { id: string; role: string }) => [member.id, member.role]).sort()).toEqual(
    [[orgB.ownerId, 'OWNER'], [orgB.agentId, 'AGENT']].sort(),
  )
  expect(team.invitations.map((invitation: { id: string }) => invitation.id)).toEqual([orgB.invitationId])
  const numbersB = await (await asB.get('/api/numbers')).json()
  expect(numbersB.numbers.map((number: { id: string; friendlyName: string; status: string }) => [number.id, number.status])).toEqual([[orgB.numberId, 'ACTIVE']])
  expect(numbersB.numbers[0].friendlyName).not.toBe('Taken over')
  const queuesB = await (await asB.get('/api/queues')).json()
  expect(queuesB.queues.map((queue: { id: string; name: string; memberUserIds: string[] }) => [queue.id, queue.name, queue.memberUserIds])).toEqual([[orgB.queueId, 'B support', [orgB.agentId]]])
  const bSchedules = (await (await asB.get('/api/business-hours')).json()).schedules
  expect(bSchedules.map((s: { id: string; name: string }) => [s.id, s.name])).toEqual([[orgB.scheduleId, 'Bravo hours']])
  expect((await (await asB.get('/api/voicemails')).json()).voicemails[0].listened).toBe(false)
  const bFlows = (await (await asB.get('/api/call-flows')).json()).callFlows
  expect(bFlows.map((f: { id: string; name: string; version: number }) => [f.id, f.name, f.version])).toEqual([[orgB.callFlowId, 'Bravo menu', 1]])
  expect((await (await asA.get('/api/call-flows')).json()).callFlows).toEqual([])
  expect((await (await asB.get(`/api/calls/${orgB.callId}`)).json()).call.status).toBe('completed')
  expect((await (await asB.get('/api/recordings')).json()).recordings.map((r: { id: string; status: string }) => r.id)).toEqual([orgB.recordingId])
  expect((await (await asB.get('/api/organization/recordings')).json()).settings.recordingRetentionDays).toBeNull()
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
