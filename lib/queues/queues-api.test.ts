import { beforeAll, describe, expect, it } from 'vitest'
import * as queues from '@/app/api/queues/route'
import * as queue from '@/app/api/queues/[id]/route'
import { testPrisma } from '@/lib/db/test-database'
import { addMember } from '@/lib/team/members'
import { scopedDb } from '@/lib/tenancy/scoped-db'
import { callRoute } from '@/lib/testing/api'
import { createOrganization } from '@/lib/testing/factories'

// Queues through their route handlers; members and routes are held to one organization by the
// composite foreign keys as well as by the code.
describe('the queues API', () => {
  const db = testPrisma()
  let counter = 0

  async function organization(label: string) {
    const org = await createOrganization(db, label)
    const agent = await addMember(scopedDb(db, org.organizationId), { id: org.ownerId, role: 'OWNER' }, { name: `Agent ${label}`, email: `q-${label}-${++counter}-${Date.now()}@example.test`, role: 'AGENT', password: 'agent-pass-8812' })
    return { ...org, agentId: agent.id }
  }
  const create = (as: string, body: unknown) => callRoute(queues.POST, { as, method: 'POST', url: '/api/queues', body })
  const patch = (as: string, id: string, body: unknown) => callRoute(queue.PATCH, { as, method: 'PATCH', url: `/api/queues/${id}`, body, params: { id } })
  const remove = (as: string, id: string) => callRoute(queue.DELETE, { as, method: 'DELETE', url: `/api/queues/${id}`, params: { id } })

  beforeAll(() => {
    process.env.PUBLIC_URL ??= 'https://phone.example.com'
  })

  it('creates, renames, changes members and deletes a queue, auditing each change', async () => {
    const org = await organization('crud')
    const created = await create(org.ownerId, { name: 'Support', memberUserIds: [org.agentId] })
    expect(created).toMatchObject({ status: 201, body: { queue: { name: 'Support', memberUserIds: [org.agentId], members: [{ userId: org.agentId, name: 'Agent crud' }] } } })
    const id = created.body.queue.id
    expect((await create(org.ownerId, { name: 'Support' })).status).toBe(409)
    const updated = await patch(org.ownerId, id, { name: 'Help desk', memberUserIds: [org.ownerId, org.agentId] })
    expect(updated.body.queue).toMatchObject({ name: 'Help desk', memberUserIds: expect.arrayContaining([org.ownerId, org.agentId]) })
    expect((await callRoute(queues.GET, { as: org.agentId, url: '/api/queues' })).body.queues.map((q: { name: string }) => q.name)).toEqual(['Help desk'])
    expect((await remove(org.ownerId, id)).status).toBe(204)
    const audit = await scopedDb(db, org.organizationId).auditLog.findMany({ where: { targetType: 'Queue' }, orderBy: { createdAt: 'asc' } })
    expect(audit.map((entry) => entry.action)).toEqual(['queue.created', 'queue.updated', 'queue.deleted'])
    expect(audit[1]!.metadata).toMatchObject({ before: { name: 'Support', memberUserIds: [org.agentId] }, after: { name: 'Help desk' } })
  })

  it('refuses writes to an AGENT and a queue that numbers route to', async () => {
    const org = await organization('guard')
    const { id } = (await create(org.ownerId, { name: 'Sales' })).body.queue
    expect((await create(org.agentId, { name: 'Mine' })).status).toBe(403)
    expect((await patch(org.agentId, id, { name: 'Mine' })).status).toBe(403)
    expect((await remove(org.agentId, id)).status).toBe(403)
    await db.phoneNumber.create({ data: { organizationId: org.organizationId, twilioSid: `PN${Date.now()}guard`, e164: '+15125550101', friendlyName: 'Sales line', routeKind: 'QUEUE', routeQueueId: id } })
    expect(await remove(org.ownerId, id)).toMatchObject({ status: 409, body: { error: 'Calls to +15125550101 go to this queue. Route those numbers elsewhere first.' } })
  })

  it('keeps queues, members and routes within one organization, in the code and in the database', async () => {
    const a = await organization('iso-a')
    const b = await organization('iso-b')
    const queueA = (await create(a.ownerId, { name: 'A queue' })).body.queue
    const queueB = (await create(b.ownerId, { name: 'B queue' })).body.queue
    expect((await create(b.ownerId, { name: 'Poach', memberUserIds: [a.agentId] })).body.fields).toEqual({ memberUserIds: 'Choose members of your own team.' })
    expect((await patch(b.ownerId, queueA.id, { name: 'Taken' })).status).toBe(404)
    expect((await remove(b.ownerId, queueA.id)).status).toBe(404)
    expect((await callRoute(queues.GET, { as: b.ownerId, url: '/api/queues' })).body.queues.map((q: { id: string }) => q.id)).toEqual([queueB.id])

    // Raw writes: PostgreSQL refuses a member or a route that crosses organizations.
    await expect(db.$executeRaw`INSERT INTO "QueueMember" ("organizationId", "queueId", "userId") VALUES (${b.organizationId}, ${queueB.id}, ${a.agentId})`).rejects.toThrow(/QueueMember_organizationId_userId_fkey/)
    await expect(db.$executeRaw`INSERT INTO "QueueMember" ("organizationId", "queueId", "userId") VALUES (${b.organizationId}, ${queueA.id}, ${b.agentId})`).rejects.toThrow(/QueueMember_organizationId_queueId_fkey/)
    await expect(
      db.$executeRaw`INSERT INTO "PhoneNumber" ("id", "organizationId", "twilioSid", "e164", "friendlyName", "routeKind", "routeQueueId", "updatedAt") VALUES (${`raw-${Date.now()}`}, ${b.organizationId}, ${`PNraw${Date.now()}`}, '+15125550102', 'raw', 'QUEUE', ${queueA.id}, now())`,
    ).rejects.toThrow(/PhoneNumber_organizationId_routeQueueId_fkey/)
    const numberB = await db.phoneNumber.create({ data: { organizationId: b.organizationId, twilioSid: `PN${Date.now()}isob`, e164: '+15125550103', friendlyName: 'B line' } })
    await expect(db.$executeRaw`UPDATE "PhoneNumber" SET "routeKind" = 'QUEUE', "routeQueueId" = ${queueA.id} WHERE id = ${numberB.id}`).rejects.toThrow(/PhoneNumber_organizationId_routeQueueId_fkey/)
    expect(await db.queueMember.count({ where: { queueId: queueA.id } })).toBe(0)
  })
})
