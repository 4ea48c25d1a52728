import { describe, expect, it } from 'vitest'
import * as orgSettings from '@/app/api/ai-settings/route'
import * as numberSettings from '@/app/api/numbers/[id]/ai-settings/route'
import { testPrisma } from '@/lib/db/test-database'
import { callRoute } from '@/lib/testing/api'
import { addMember, createOrganization, createPhoneNumber } from '@/lib/testing/factories'
import { findReceptionistCall, callContext } from './call-context'
import { organizationSettings } from './settings'

// The settings routes signed in, through their handlers, and what a call's receptionist then gets.

describe('the AI settings API', () => {
  const prisma = testPrisma()

  async function organization(label: string) {
    const org = await createOrganization(prisma, label)
    const agent = await addMember(prisma, org.organizationId, { id: org.ownerId, role: 'OWNER' }, { name: 'Agent', email: `agent-${label}-${Date.now()}@example.test`, role: 'AGENT' })
    return { ...org, agentId: agent.id }
  }

  it('reads the defaults, lets owners change them (audited), refuses agents and invalid settings', async () => {
    const org = await organization('ai-settings')
    const read = await callRoute(orgSettings.GET, { as: org.agentId, url: '/api/ai-settings' })
    expect(read.status).toBe(200)
    const { settings } = read.body as { settings: ReturnType<typeof organizationSettings> }
    expect(settings).toMatchObject({ voice: 'alloy', language: 'en', turnDetection: { type: 'server_vad' }, tools: { end_call: true } })

    const changed = { ...settings, businessDescription: 'A bakery.', voice: 'marin', language: 'es', turnDetection: { type: 'semantic_vad', eagerness: 'high' } }
    expect((await callRoute(orgSettings.PUT, { as: org.agentId, method: 'PUT', url: '/api/ai-settings', body: changed })).status).toBe(403)
    const bad = await callRoute(orgSettings.PUT, { as: org.ownerId, method: 'PUT', url: '/api/ai-settings', body: { ...changed, voice: 'nova' } })
    expect(bad.status).toBe(400)
    const saved = await callRoute(orgSettings.PUT, { as: org.ownerId, method: 'PUT', url: '/api/ai-settings', body: changed })
    expect(saved.status).toBe(200)
    expect(saved.body.settings).toEqual(changed)
    const row = await prisma.organization.findUniqueOrThrow({ where: { id: org.organizationId } })
    expect(row.defaultVoice).toBe('marin')
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { organizationId: org.organizationId, action: 'ai-settings.changed' } })
    expect(audit).toMatchObject({ actorUserId: org.ownerId, metadata: { before: { voice: 'alloy' }, after: { voice: 'marin' } } })
  })

  it('keeps a number’s overrides, and a call on it gets them: its tools, language and turn detection', async () => {
    const org = await organization('ai-number')
    const line = await createPhoneNumber(prisma, org.organizationId, { e164: '+16175550142', twilioSid: `PN${Date.now()}aaaaaaaaaaaaaaaaaaaa`.slice(0, 34) })
    const url = `/api/numbers/${line.id}/ai-settings`
    const overrides = { language: 'de', tools: { business_hours: true, take_message: true, transfer_call: false, end_call: false }, minBargeInMs: 0 }
    const put = await callRoute(numberSettings.PUT, { as: org.ownerId, method: 'PUT', url, params: { id: line.id }, body: overrides })
    expect(put.status).toBe(200)
    expect(put.body).toMatchObject({ overrides, effective: { language: 'de', minBargeInMs: 0, voice: 'alloy' } })
    expect((await callRoute(numberSettings.PUT, { as: org.ownerId, method: 'PUT', url, params: { id: line.id }, body: { unknown: 1 } })).status).toBe(400)

    const other = await organization('ai-other')
    expect((await callRoute(numberSettings.GET, { as: other.ownerId, url, params: { id: line.id } })).status).toBe(404)

    const callSid = `CA${'7'.repeat(31)}${Date.now() % 10}`
    await prisma.callLog.create({ data: { organizationId: org.organizationId, callSid, direction: 'INBOUND', fromNumber: '+14155550100', toNumber: line.e164, phoneNumberId: line.id, handledBy: 'AI' } })
    const context = await callContext((await findReceptionistCall(callSid))!)
    expect(context).toMatchObject({ tools: ['business_hours', 'take_message'], language: 'de', minBargeInMs: 0, turnDetection: { type: 'server_vad' } })
    expect(context.instructions).toContain('Speak German')
    expect(context.instructions).not.toContain('end_call')
  })
})
