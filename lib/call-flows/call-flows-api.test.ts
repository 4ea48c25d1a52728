import { beforeAll, describe, expect, it } from 'vitest'
import * as flows from '@/app/api/call-flows/route'
import * as flowRoute from '@/app/api/call-flows/[id]/route'
import * as numberRoute from '@/app/api/numbers/[id]/route'
import * as queueRoute from '@/app/api/queues/[id]/route'
import * as memberRoute from '@/app/api/team/[userId]/route'
import { testPrisma } from '@/lib/db/test-database'
import { scopedDb } from '@/lib/tenancy/scoped-db'
import { callRoute } from '@/lib/testing/api'
import { twoLevelFlow } from '@/lib/testing/call-flows'
import { createOrganization, createPhoneNumber } from '@/lib/testing/factories'

// Call flows through their route handlers: versioned saves, graph and destination checks, and a
// number's callFlowId held to the organization by the composite foreign key.
describe('the call flows API', () => {
  const db = testPrisma()

  beforeAll(() => {
    process.env.PUBLIC_URL ??= 'https://phone.example.com'
  })

  async function organization(label: string) {
    const org = await createOrganization(db, label)
    const queue = await db.queue.create({ data: { organizationId: org.organizationId, name: 'Sales' } })
    return { ...org, queueId: queue.id }
  }
  const body = (queueId: string, name = 'Front desk') => ({ name, ...twoLevelFlow({ queueId }) })
  const create = (as: string, data: unknown) => callRoute(flows.POST, { as, method: 'POST', url: '/api/call-flows', body: data })
  const put = (as: string, id: string, data: unknown) => callRoute(flowRoute.PUT, { as, method: 'PUT', url: `/api/call-flows/${id}`, body: data, params: { id } })
  const get = (as: string, id: string) => callRoute(flowRoute.GET, { as, url: `/api/call-flows/${id}`, params: { id } })
  const remove = (as: string, id: string) => callRoute(flowRoute.DELETE, { as, method: 'DELETE', url: `/api/call-flows/${id}`, params: { id } })
  const patchNumber = (as: string, id: string, data: unknown) => callRoute(numberRoute.PATCH, { as, method: 'PATCH', url: `/api/numbers/${id}`, body: data, params: { id } })

  it('creates (201 with its id), saves new versions, lists and deletes a flow, auditing each change', async () => {
    const org = await organization('flow-crud')
    const created = await create(org.ownerId, body(org.queueId))
    expect(created.status).toBe(201)
    expect(created.body.callFlow).toMatchObject({ id: expect.any(String), name: 'Front desk', version: 1, entry: { open: 'main', closed: 'closed' }, numbers: [] })
    const id = created.body.callFlow.id
    expect((await create(org.ownerId, body(org.queueId))).status).toBe(409)

    const edited = body(org.queueId, 'Reception')
    ;(edited.steps.main as { prompt: string }).prompt = 'Welcome to Acme.'
    const saved = await put(org.ownerId, id, edited)
    expect(saved.body.callFlow).toMatchObject({ name: 'Reception', version: 2, steps: { main: { prompt: 'Welcome to Acme.' } } })
    expect(saved.body.callFlow.versionId).not.toBe(created.body.callFlow.versionId)
    expect((await get(org.ownerId, id)).body.callFlow.version).toBe(2)
    // The first version stays for calls still on it.
    expect(await db.callFlowVersion.count({ where: { callFlowId: id } })).toBe(2)
    expect((await callRoute(flows.GET, { as: org.ownerId, url: '/api/call-flows' })).body.callFlows.map((f: { name: string }) => f.name)).toEqual(['Reception'])

    expect((await remove(org.ownerId, id)).status).toBe(204)
    expect(await db.callFlowVersion.count({ where: { callFlowId: id } })).toBe(0)
    const audit = await scopedDb(db, org.organizationId).auditLog.findMany({ where: { targetType: 'CallFlow' }, orderBy: { createdAt: 'asc' } })
    expect(audit.map((entry) => entry.action)).toEqual(['call_flow.created', 'call_flow.updated', 'call_flow.deleted'])
    expect(audit[1]!.metadata).toEqual({ before: { name: 'Front desk', version: 1 }, after: { name: 'Reception', version: 2 } })
  })

  it('refuses an invalid graph with every problem in fields', async () => {
    const org = await organization('flow-invalid')
    const flow = body(org.queueId)
    const main = flow.steps.main as { options: { digit: string; next: string }[] }
    main.options.push({ digit: '5', next: 'nowhere' })
    flow.steps.empty = { kind: 'menu', prompt: 'Nothing here', timeoutSeconds: 5, retries: 1, options: [], defaultNext: 'voicemail' }
    const refused = await create(org.ownerId, flow)
    expect(refused.status).toBe(400)
    expect(refused.body.fields).toEqual({ 'steps.main.options.4.next': 'There is no step "nowhere".', 'steps.empty.options': 'Menu empty has no options.' })
    expect(refused.body.error).toBe('There is no step "nowhere". (and 1 more)')
    expect((await create(org.ownerId, { ...body(org.queueId), steps: { main: { kind: 'menu' } } })).status).toBe(400)
  })

  it('another organization’s queue or user cannot be a destination', async () => {
    const mine = await organization('flow-mine')
    const theirs = await organization('flow-theirs')
    const refused = await create(mine.ownerId, body(theirs.queueId))
    expect(refused).toMatchObject({ status: 400, body: { fields: { 'steps.sales.queueId': 'Choose one of your queues.' } } })
    const withUser = await create(mine.ownerId, { name: 'Poach', ...twoLevelFlow({ queueId: mine.queueId, userId: theirs.ownerId }) })
    expect(withUser).toMatchObject({ status: 400, body: { fields: { 'steps.owner.userId': 'Choose a member of your team.' } } })
    const own = await create(mine.ownerId, body(mine.queueId))
    expect((await put(mine.ownerId, own.body.callFlow.id, body(theirs.queueId))).status).toBe(400)
    expect((await get(mine.ownerId, own.body.callFlow.id)).body.callFlow.version).toBe(1)
    // And theirs is not found from here.
    const theirFlow = await create(theirs.ownerId, body(theirs.queueId))
    expect((await get(mine.ownerId, theirFlow.body.callFlow.id)).status).toBe(404)
  })

  it('a number runs a flow through PATCH callFlowId; null returns it to its plain route; a flow in use cannot be deleted', async () => {
    const org = await organization('flow-number')
    const other = await organization('flow-number-other')
    const number = await createPhoneNumber(db, org.organizationId, { e164: '+16175550123' })
    const flow = (await create(org.ownerId, body(org.queueId))).body.callFlow
    const foreign = (await create(other.ownerId, body(other.queueId))).body.callFlow
    const assigned = await patchNumber(org.ownerId, number.id, { callFlowId: flow.id })
    expect(assigned.body.number).toMatchObject({ callFlowId: flow.id, routeSummary: 'Call flow Front desk' })
    expect((await get(org.ownerId, flow.id)).body.callFlow.numbers).toEqual([{ id: number.id, phoneNumber: '+16175550123', friendlyName: '+16175550123' }])
    expect(await patchNumber(org.ownerId, number.id, { callFlowId: foreign.id })).toMatchObject({ status: 400, body: { fields: { callFlowId: 'Choose one of your call flows.' } } })
    expect((await remove(org.ownerId, flow.id)).status).toBe(409)
    const cleared = await patchNumber(org.ownerId, number.id, { callFlowId: null })
    expect(cleared.body.number).toMatchObject({ callFlowId: null, routeSummary: 'AI receptionist' })
    expect((await remove(org.ownerId, flow.id)).status).toBe(204)
  })

  it('a queue or member a flow sends callers to cannot be removed until the flow changes', async () => {
    const org = await organization('flow-guards')
    const agent = await db.user.create({ data: { organizationId: org.organizationId, email: `agent-${org.organizationId}@example.test`, name: 'Ava', passwordHash: 'x', role: 'AGENT', softphoneIdentity: `client-${org.organizationId}` } })
    const flow = (await create(org.ownerId, { name: 'Guarded', ...twoLevelFlow({ queueId: org.queueId, userId: agent.id }) })).body.callFlow
    const deleteQueue = () => callRoute(queueRoute.DELETE, { as: org.ownerId, method: 'DELETE', url: `/api/queues/${org.queueId}`, params: { id: org.queueId } })
    const removeAgent = () => callRoute(memberRoute.DELETE, { as: org.ownerId, method: 'DELETE', url: `/api/team/${agent.id}`, params: { userId: agent.id } })
    expect(await deleteQueue()).toMatchObject({ status: 409, body: { error: 'Call flow Guarded sends callers to this queue. Change the flow first.' } })
    expect(await removeAgent()).toMatchObject({ status: 409, body: { error: 'Call flow Guarded sends callers to Ava. Change the flow first.' } })
    const without = twoLevelFlow({ queueId: org.queueId })
    without.steps.sales = { kind: 'voicemail' }
    expect((await put(org.ownerId, flow.id, { name: 'Guarded', ...without })).status).toBe(200)
    expect((await deleteQueue()).status).toBe(204)
    expect((await removeAgent()).status).toBe(204)
  })
})
