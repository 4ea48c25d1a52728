import { beforeAll, describe, expect, it } from 'vitest'
import type { TwilioSandbox } from '@/sandbox/twilio/index'
import * as available from '@/app/api/numbers/available/route'
import * as numbers from '@/app/api/numbers/route'
import * as number from '@/app/api/numbers/[id]/route'
import * as reconcile from '@/app/api/numbers/reconcile/route'
import { testPrisma } from '@/lib/db/test-database'
import { addMember } from '@/lib/team/members'
import { scopedDb } from '@/lib/tenancy/scoped-db'
import { provisionOrganization, type ProvisioningClients } from '@/lib/provisioning/provision-organization'
import { callRoute } from '@/lib/testing/api'
import { createOrganization } from '@/lib/testing/factories'
import { startSandboxClients } from '@/lib/testing/jobs'

// The numbers API through its route handlers, signed in, against the sandbox.
const PUBLIC_URL = 'https://phone.example.com'

describe('the numbers API', () => {
  const db = testPrisma()
  let sandbox: TwilioSandbox
  let clients: ProvisioningClients

  beforeAll(async () => {
    ;({ sandbox, clients } = await startSandboxClients())
    process.env.SANDBOX_URL = sandbox.baseUrl
    process.env.PUBLIC_URL = PUBLIC_URL
  })

  async function readyOrganization(label: string) {
    const org = await createOrganization(db, label)
    expect(await provisionOrganization(db, org.organizationId, clients, PUBLIC_URL)).toBe('ready')
    const { twilioAccountSid } = await db.organization.findUniqueOrThrow({ where: { id: org.organizationId } })
    const agent = await addMember(scopedDb(db, org.organizationId), { id: org.ownerId, role: 'OWNER' }, { name: `Agent ${label}`, email: `agent-${label}-${Date.now()}@example.test`, role: 'AGENT', password: 'agent-pass-8812' })
    return { ...org, accountSid: twilioAccountSid!, agentId: agent.id }
  }

  const search = (as: string, query: string) => callRoute(available.GET, { as, url: `/api/numbers/available?${query}` })
  const buy = (as: string, phoneNumber: string) => callRoute(numbers.POST, { as, method: 'POST', url: '/api/numbers', body: { phoneNumber } })
  const subaccountNumbers = (accountSid: string) => [...sandbox.store.numbers.values()].filter((n) => n.accountSid === accountSid)

  it('searches by country, type, area code, digits and region, with capabilities and the monthly price', async () => {
    const org = await readyOrganization('search')
    const local = await search(org.ownerId, 'country=US&type=local&areaCode=415&pageSize=5')
    expect(local.status).toBe(200)
    expect(local.body.numbers).toHaveLength(5)
    expect(local.body.numbers[0]).toMatchObject({ locality: 'San Francisco', region: 'CA', country: 'US', capabilities: { voice: true, sms: true, mms: true } })
    expect(local.body.numbers[0].phoneNumber).toMatch(/^\+1415\d{7}$/)
    expect(local.body).toMatchObject({ page: 0, hasMore: true, monthlyPrice: { amount: '1.15', currency: 'USD' } })
    const next = await search(org.ownerId, 'country=US&type=local&areaCode=415&pageSize=5&page=1')
    expect(next.body.numbers.map((n: { phoneNumber: string }) => n.phoneNumber)).not.toContain(local.body.numbers[0].phoneNumber)

    const canada = await search(org.agentId, 'country=CA&type=local&region=ON')
    expect(canada.body.numbers.length).toBeGreaterThan(0)
    expect(canada.body.numbers.every((n: { region: string; country: string }) => n.region === 'ON' && n.country === 'CA')).toBe(true)
    const tollFree = await search(org.ownerId, 'country=US&type=tollFree&contains=888')
    expect(tollFree.body.numbers.every((n: { phoneNumber: string }) => n.phoneNumber.includes('888'))).toBe(true)
    expect(tollFree.body.monthlyPrice).toEqual({ amount: '2.15', currency: 'USD' })
  })

  it('says when nothing matches and suggests a broader search; explains bad filters', async () => {
    const org = await readyOrganization('empty')
    const none = await search(org.ownerId, 'country=US&type=local&areaCode=415&contains=99999999')
    expect(none.body.numbers).toEqual([])
    expect(none.body.suggestion.message).toBe('No numbers contain “99999999”. Try without the digits filter.')
    expect(none.body.suggestion.search).toEqual({ country: 'US', type: 'local', areaCode: '415', page: 0, pageSize: 20 })
    const bad = await search(org.ownerId, 'country=GB&areaCode=12')
    expect(bad.status).toBe(400)
    expect(Object.keys(bad.body.fields).sort()).toEqual(['areaCode', 'country'])
  })

  it('buys into the organization’s subaccount with the three webhooks from the public URL, and audits it', async () => {
    const org = await readyOrganization('buy')
    const [wanted] = (await search(org.ownerId, 'country=US&type=local&areaCode=206')).body.numbers
    const bought = await buy(org.ownerId, wanted.phoneNumber)
    expect(bought.status).toBe(201)
    expect(bought.body.number).toMatchObject({ phoneNumber: wanted.phoneNumber, routeKind: 'AI', routeUserId: null, routeQueueId: null, status: 'ACTIVE', capabilities: { voice: true, sms: true, mms: true } })
    const [atTwilio] = subaccountNumbers(org.accountSid)
    expect(atTwilio).toMatchObject({
      sid: bought.body.number.twilioSid,
      phoneNumber: wanted.phoneNumber,
      voiceUrl: `${PUBLIC_URL}/api/voice/incoming`,
      voiceFallbackUrl: `${PUBLIC_URL}/api/voice/fallback`,
      statusCallback: `${PUBLIC_URL}/api/voice/status`,
    })
    const listed = await callRoute(numbers.GET, { as: org.agentId, url: '/api/numbers' })
    expect(listed.body.numbers.map((n: { id: string }) => n.id)).toEqual([bought.body.number.id])
    const [audit] = await scopedDb(db, org.organizationId).auditLog.findMany({ where: { action: 'number.purchased' } })
    expect(audit).toMatchObject({ actorUserId: org.ownerId, targetId: bought.body.number.id, metadata: { before: null, after: { phoneNumber: wanted.phoneNumber } } })
    // A number Twilio refuses (someone else holds it) is explained.
    const taken = await buy(org.ownerId, wanted.phoneNumber)
    expect(taken.status).toBe(409)
  })

  it('refuses a purchase past the plan’s cap before calling Twilio', async () => {
    const org = await readyOrganization('cap')
    const candidates = (await search(org.ownerId, 'country=US&type=local&areaCode=312&pageSize=4')).body.numbers
    for (const candidate of candidates.slice(0, 3)) expect((await buy(org.ownerId, candidate.phoneNumber)).status).toBe(201)
    const refused = await buy(org.ownerId, candidates[3].phoneNumber)
    expect(refused).toMatchObject({ status: 409, body: { error: 'Your Starter plan includes 3 phone numbers and you have 3. Release a number or change your plan to buy another.' } })
    expect(subaccountNumbers(org.accountSid)).toHaveLength(3)
    expect(sandbox.store.numberByPhoneNumber(candidates[3].phoneNumber)).toBeUndefined()
  })

  it('lets only one of two simultaneous purchases through at the last free slot', async () => {
    const org = await readyOrganization('race')
    const candidates = (await search(org.ownerId, 'country=US&type=local&areaCode=312&pageSize=4')).body.numbers
    for (const candidate of candidates.slice(0, 2)) expect((await buy(org.ownerId, candidate.phoneNumber)).status).toBe(201)
    const [one, other] = await Promise.all([buy(org.ownerId, candidates[2].phoneNumber), buy(org.ownerId, candidates[3].phoneNumber)])
    expect([one.status, other.status].sort()).toEqual([201, 409])
    expect(subaccountNumbers(org.accountSid)).toHaveLength(3)
    expect(await db.phoneNumber.count({ where: { organizationId: org.organizationId, status: 'ACTIVE' } })).toBe(3)
  })

  it('configures routing, greeting, voice and after-hours; refuses inconsistent routes', async () => {
    const org = await readyOrganization('configure')
    const [wanted] = (await search(org.ownerId, 'country=US&type=local&areaCode=617')).body.numbers
    const { id } = (await buy(org.ownerId, wanted.phoneNumber)).body.number
    const patch = (body: unknown, as = org.ownerId) => callRoute(number.PATCH, { as, method: 'PATCH', url: `/api/numbers/${id}`, body, params: { id } })
    const routed = await patch({ friendlyName: 'Front desk', routeKind: 'USER', routeUserId: org.agentId, greeting: 'Hello from the front desk.', voice: 'coral', afterHoursMode: 'MESSAGE' })
    expect(routed.status).toBe(200)
    expect(routed.body.number).toMatchObject({ friendlyName: 'Front desk', routeKind: 'USER', routeUserId: org.agentId, greeting: 'Hello from the front desk.', voice: 'coral', afterHoursMode: 'MESSAGE', routeSummary: 'Agent configure' })
    expect((await patch({ routeKind: 'QUEUE' })).body.fields).toEqual({ routeQueueId: 'Choose one of your queues.' })
    expect((await patch({ voice: 'robot' })).status).toBe(400)
    const back = await patch({ routeKind: 'AI', greeting: '' })
    expect(back.body.number).toMatchObject({ routeKind: 'AI', routeUserId: null, greeting: null })
    const [audit] = await scopedDb(db, org.organizationId).auditLog.findMany({ where: { action: 'number.configured' }, orderBy: { createdAt: 'asc' } })
    expect(audit.metadata).toMatchObject({ before: { routeKind: 'AI', routeUserId: null }, after: { routeKind: 'USER', routeUserId: org.agentId } })
    const fetched = await callRoute(number.GET, { as: org.agentId, url: `/api/numbers/${id}`, params: { id } })
    expect(fetched.body.number.capabilities).toEqual({ voice: true, sms: true, mms: true })
  })

  it('refuses every write to an AGENT', async () => {
    const org = await readyOrganization('agent')
    const [wanted] = (await search(org.ownerId, 'country=US&type=local&areaCode=303')).body.numbers
    const { id } = (await buy(org.ownerId, wanted.phoneNumber)).body.number
    const writes = [
      await buy(org.agentId, '+13035550199'),
      await callRoute(number.PATCH, { as: org.agentId, method: 'PATCH', url: `/api/numbers/${id}`, body: { friendlyName: 'Mine' }, params: { id } }),
      await callRoute(number.DELETE, { as: org.agentId, method: 'DELETE', url: `/api/numbers/${id}`, params: { id } }),
      await callRoute(reconcile.POST, { as: org.agentId, method: 'POST', url: '/api/numbers/reconcile' }),
    ]
    expect(writes.map((write) => write.status)).toEqual([403, 403, 403, 403])
    expect((await callRoute(number.GET, { as: org.agentId, url: `/api/numbers/${id}`, params: { id } })).body.number).toMatchObject({ friendlyName: wanted.friendlyName, status: 'ACTIVE' })
  })

  it('another organization can neither see nor change the number, nor route its own number to this one’s user', async () => {
    const a = await readyOrganization('iso-a')
    const b = await readyOrganization('iso-b')
    const [first, second] = (await search(a.ownerId, 'country=US&type=local&areaCode=512&pageSize=2')).body.numbers
    const numberA = (await buy(a.ownerId, first.phoneNumber)).body.number
    const numberB = (await buy(b.ownerId, second.phoneNumber)).body.number
    const asB = (method: 'GET' | 'PATCH' | 'DELETE', body?: unknown) =>
      callRoute(number[method], { as: b.ownerId, method, url: `/api/numbers/${numberA.id}`, body, params: { id: numberA.id } })
    expect((await asB('GET')).status).toBe(404)
    expect((await asB('PATCH', { friendlyName: 'Stolen' })).status).toBe(404)
    expect((await asB('DELETE')).status).toBe(404)
    expect((await callRoute(numbers.GET, { as: b.ownerId, url: '/api/numbers' })).body.numbers.map((n: { id: string }) => n.id)).toEqual([numberB.id])
    expect(subaccountNumbers(a.accountSid).map((n) => n.sid)).toEqual([numberA.twilioSid])

    const crossRoute = await callRoute(number.PATCH, { as: b.ownerId, method: 'PATCH', url: `/api/numbers/${numberB.id}`, body: { routeKind: 'USER', routeUserId: a.agentId }, params: { id: numberB.id } })
    expect(crossRoute).toMatchObject({ status: 400, body: { fields: { routeUserId: 'Choose a member of your team.' } } })
    // The database refuses it too, whatever code writes it.
    await expect(db.$executeRaw`UPDATE "PhoneNumber" SET "routeKind" = 'USER', "routeUserId" = ${a.agentId} WHERE id = ${numberB.id}`).rejects.toThrow(/PhoneNumber_organizationId_routeUserId_fkey|foreign key/i)
    await expect(db.phoneNumber.update({ where: { id: numberB.id }, data: { routeUserId: a.ownerId } })).rejects.toMatchObject({ code: 'P2003' })
    expect((await db.phoneNumber.findUniqueOrThrow({ where: { id: numberA.id } })).friendlyName).toBe(first.friendlyName)
  })

  it('releases at Twilio, then marks the row released; a number Twilio no longer has is released here with a note', async () => {
    const org = await readyOrganization('release')
    const [one, two] = (await search(org.ownerId, 'country=US&type=local&areaCode=305&pageSize=2')).body.numbers
    const kept = (await buy(org.ownerId, one.phoneNumber)).body.number
    const release = (id: string) => callRoute(number.DELETE, { as: org.ownerId, method: 'DELETE', url: `/api/numbers/${id}`, params: { id } })
    const released = await release(kept.id)
    expect(released.status).toBe(200)
    expect(released.body.number).toMatchObject({ status: 'RELEASED', statusNote: null, releasedAt: expect.any(String) })
    expect(sandbox.store.numbers.has(kept.twilioSid)).toBe(false)
    expect((await search(org.ownerId, `country=US&type=local&contains=${one.phoneNumber.slice(2)}`)).body.numbers.map((n: { phoneNumber: string }) => n.phoneNumber)).toEqual([one.phoneNumber])
    expect(await db.phoneNumber.findUnique({ where: { id: kept.id } })).toMatchObject({ status: 'RELEASED' })
    expect((await release(kept.id)).status).toBe(409)
    expect((await callRoute(numbers.GET, { as: org.ownerId, url: '/api/numbers' })).body.numbers).toEqual([])

    const gone = (await buy(org.ownerId, two.phoneNumber)).body.number
    sandbox.store.numbers.delete(gone.twilioSid)
    expect((await release(gone.id)).body.number).toMatchObject({ status: 'RELEASED', statusNote: 'Twilio no longer had this number; released here only.' })
    const actions = (await scopedDb(db, org.organizationId).auditLog.findMany({ where: { action: 'number.released' } })).map((entry) => entry.targetId)
    expect(actions.sort()).toEqual([kept.id, gone.id].sort())
  })

  it('reconcile imports a number bought behind the app’s back (with our webhooks) and flags one gone from Twilio', async () => {
    const org = await readyOrganization('reconcile')
    const [ours, theirs] = (await search(org.ownerId, 'country=US&type=local&areaCode=510&pageSize=2')).body.numbers
    const kept = (await buy(org.ownerId, ours.phoneNumber)).body.number
    const subaccount = clients.subaccount({ accountSid: org.accountSid, authToken: sandbox.store.accounts.get(org.accountSid)!.authToken })
    const behindOurBack = await subaccount.incomingPhoneNumbers.create({ phoneNumber: theirs.phoneNumber, voiceUrl: 'https://elsewhere.example.com/voice' })
    sandbox.store.numbers.delete(kept.twilioSid)

    const run = await callRoute(reconcile.POST, { as: org.ownerId, method: 'POST', url: '/api/numbers/reconcile' })
    expect(run).toMatchObject({ status: 200, body: { result: { imported: [theirs.phoneNumber], missing: [ours.phoneNumber], restored: [] } } })
    const listed = (await callRoute(numbers.GET, { as: org.ownerId, url: '/api/numbers' })).body.numbers
    expect(listed.map((n: { phoneNumber: string; status: string }) => [n.phoneNumber, n.status]).sort()).toEqual([[ours.phoneNumber, 'MISSING'], [theirs.phoneNumber, 'ACTIVE']].sort())
    expect(sandbox.store.numbers.get(behindOurBack.sid)).toMatchObject({ voiceUrl: `${PUBLIC_URL}/api/voice/incoming`, statusCallback: `${PUBLIC_URL}/api/voice/status` })
    // Running it again changes nothing.
    expect((await callRoute(reconcile.POST, { as: org.ownerId, method: 'POST', url: '/api/numbers/reconcile' })).body.result).toEqual({ imported: [], missing: [], restored: [] })
  })
})
