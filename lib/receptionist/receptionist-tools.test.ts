import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as contextRoute from '@/app/api/internal/media/calls/[callSid]/context/route'
import * as toolsRoute from '@/app/api/internal/media/calls/[callSid]/tools/route'
import { control, provisionedOrganization, startVoiceStack, type VoiceStack } from '@/app/api/voice/voice-test-stack'
import { config } from '@/lib/config/env'
import { testPrisma } from '@/lib/db/test-database'
import { scheduleStatus } from '@/lib/routing/business-hours'
import { loadRoutingData } from '@/lib/routing/routing-data'
import { createSchedule, scheduleBodySchema } from '@/lib/routing/schedules'
import { mediaKey } from '@/lib/telephony/media-keys'
import { signRequest } from '@/lib/telephony/signed-request'
import { serveRoutes, type RouteServer } from '@/lib/testing/route-server'
import { scopedDb } from '@/lib/tenancy/scoped-db'
import { findReceptionistCall } from './call-context'
import { runReceptionistTool } from './run-tool'
import { realtimeTools } from './tools'

// The AI receptionist's tools as the media server calls them: signed requests to the app's
// internal routes over HTTP, acting on a live sandbox call (here one recording a voicemail, so it
// is up and executing TwiML when the tool changes it).

const CALLER = '+14155550177'

describe('AI receptionist tools', () => {
  const prisma = testPrisma()
  let stack: VoiceStack
  let internal: RouteServer
  let org: Awaited<ReturnType<typeof provisionedOrganization>>
  let lineE164: string

  beforeAll(async () => {
    stack = await startVoiceStack()
    internal = await serveRoutes({ '/api/internal/media/calls/[callSid]/context': contextRoute, '/api/internal/media/calls/[callSid]/tools': toolsRoute })
    org = await provisionedOrganization(prisma, stack, 'receptionist')
    // Voicemail keeps the call up (recording) while the tools act on it.
    const line = await org.buyNumber({ routeKind: 'AI', afterHoursMode: 'VOICEMAIL' })
    lineE164 = line.e164
    const closed = await createSchedule(scopedDb(prisma, org.organizationId), org.organizationId, scheduleBodySchema.parse({ name: 'Never open', timeZone: 'America/New_York', intervals: [], exceptions: [] }))
    await prisma.phoneNumber.update({ where: { id: line.id }, data: { businessHoursId: closed.id } })
    await prisma.queue.createMany({ data: [{ organizationId: org.organizationId, name: 'Support' }, { organizationId: org.organizationId, name: 'Sales' }] })
  })
  afterAll(async () => {
    await internal?.close()
    await stack?.close()
  })

  const sandboxCall = (sid: string) => stack.sandbox.store.calls.get(sid)!

  async function liveCall(): Promise<string> {
    const { sid } = (await control(stack, 'POST', '/calls', { from: CALLER, to: lineE164 })) as { sid: string }
    for (let step = 0; !stack.sandbox.engine.events(sid).some((event) => event.type === 'twiml' && event.summary.startsWith('<Record>')); step++) {
      if (step > 200) throw new Error('the call never reached voicemail')
      await stack.clock.advance(200)
    }
    return sid
  }

  async function signed(method: 'GET' | 'POST', path: string, payload?: unknown, secret = config().secrets.mediaStream) {
    const body = payload === undefined ? '' : JSON.stringify(payload)
    const headers = { ...signRequest(mediaKey(secret, 'internal-api'), { method, path, body }), ...(body && { 'content-type': 'application/json' }) }
    return fetch(`${internal.url}${path}`, { method, headers, body: body || undefined })
  }

  const tool = async (callSid: string, callId: string, name: string, args: unknown) =>
    (await signed('POST', `/api/internal/media/calls/${callSid}/tools`, { callId, name, arguments: JSON.stringify(args) })).json()

  it('gives the model JSON Schemas made from the same zod schemas the app checks', () => {
    const tools = realtimeTools()
    expect(tools.map((definition) => definition.name)).toEqual(['business_hours', 'take_message', 'transfer_call', 'end_call'])
    expect(tools[1]!.parameters).toMatchObject({ type: 'object', required: ['callerName', 'callbackNumber', 'reason', 'urgency'], additionalProperties: false })
    expect(tools.every((definition) => definition.type === 'function' && definition.description.length > 20)).toBe(true)
  })

  it("tells the receptionist the teams and the caller's history; refuses unsigned requests and unknown calls", async () => {
    const first = await liveCall()
    const context = await (await signed('GET', `/api/internal/media/calls/${first}/context`)).json()
    expect(context).toMatchObject({ queues: ['Sales', 'Support'], caller: { previousCalls: 0, lastCallAt: null } })
    expect(context.instructions).toContain('You can transfer the caller to: Sales (team), Support (team).')
    expect(context.instructions).toContain('This is the first call from this number.')
    const second = await liveCall()
    const again = await (await signed('GET', `/api/internal/media/calls/${second}/context`)).json()
    expect(again.caller.previousCalls).toBe(1)
    expect(again.instructions).toMatch(/called 1 time before; the last call was .* \(/)
    expect((await fetch(`${internal.url}/api/internal/media/calls/${second}/context`)).status).toBe(401)
    expect((await signed('GET', `/api/internal/media/calls/${second}/context`, undefined, 'another-secret'.repeat(3))).status).toBe(401)
    expect((await signed('GET', `/api/internal/media/calls/CA${'0'.repeat(32)}/context`)).status).toBe(404)
  })

  it('answers business hours from the number\u2019s schedule, in its time zone', async () => {
    const sid = await liveCall()
    const outcome = await tool(sid, 'call_hours', 'business_hours', {})
    expect(outcome).toEqual({ ok: true, result: { open: false, description: 'The business is closed (America/New_York time).', timeZone: 'America/New_York' } })
  })

  it('answers business hours right across both daylight-saving changes of the number\u2019s time zone (an injected clock)', async () => {
    const sid = await liveCall()
    // 09:00–17:00 every day in New York; the US changes clocks on 8 March and 1 November 2026.
    const daily = await createSchedule(scopedDb(prisma, org.organizationId), org.organizationId, scheduleBodySchema.parse({ name: 'Nine to five', timeZone: 'America/New_York', intervals: [0, 1, 2, 3, 4, 5, 6].map((dayOfWeek) => ({ dayOfWeek, startMinute: 540, endMinute: 1020 })), exceptions: [] }))
    const line = await prisma.phoneNumber.findFirstOrThrow({ where: { organizationId: org.organizationId, e164: lineE164 } })
    await prisma.phoneNumber.update({ where: { id: line.id }, data: { businessHoursId: daily.id } })
    const call = (await findReceptionistCall(sid))!
    const at = async (iso: string, callId: string) => {
      const outcome = await runReceptionistTool(call, { callSid: sid, callId, name: 'business_hours', arguments: '{}' }, new Date(iso))
      return outcome.ok ? (outcome.result as { open: boolean; description: string }) : outcome
    }
    try {
      // 13:30 UTC is 08:30 EST before the spring change and 09:30 EDT after it; the reverse in November.
      const closed = (until: string) => ({ open: false, description: `The business is closed until ${until} (America/New_York time).` })
      const open = (until: string) => ({ open: true, description: `The business is open until ${until} (America/New_York time).` })
      expect(await at('2026-03-07T13:30:00Z', 'dst1')).toMatchObject(closed('Sat 09:00'))
      expect(await at('2026-03-09T13:30:00Z', 'dst2')).toMatchObject(open('Mon 17:00'))
      expect(await at('2026-10-31T13:30:00Z', 'dst3')).toMatchObject(open('Sat 17:00'))
      expect(await at('2026-11-02T13:30:00Z', 'dst4')).toMatchObject(closed('Mon 09:00'))
      // Over the change itself: Saturday evening, closed until Sunday 09:00 local — 13:00 UTC in
      // March (the clocks went forward overnight), 14:00 UTC in November (they went back).
      expect(await at('2026-03-07T23:00:00Z', 'dst5')).toMatchObject(closed('Sun 09:00'))
      expect(await at('2026-10-31T23:00:00Z', 'dst6')).toMatchObject(closed('Sun 09:00'))
      const schedule = (await loadRoutingData(org.organizationId, lineE164)).schedule!
      expect(scheduleStatus(schedule, new Date('2026-03-07T23:00:00Z')).until?.toISOString()).toBe('2026-03-08T13:00:00.000Z')
      expect(scheduleStatus(schedule, new Date('2026-10-31T23:00:00Z')).until?.toISOString()).toBe('2026-11-01T14:00:00.000Z')
    } finally {
      await prisma.phoneNumber.update({ where: { id: line.id }, data: { businessHoursId: line.businessHoursId } })
    }
  })

  it('takes a message once per function call, and answers bad arguments with what to do', async () => {
    const sid = await liveCall()
    const message = { callerName: 'Ada Lovelace', callbackNumber: '', reason: 'Wants to move her appointment to Friday.', urgency: 'urgent' }
    expect(await tool(sid, 'call_msg', 'take_message', message)).toMatchObject({ ok: true, result: { saved: true, callbackNumber: CALLER } })
    expect(await tool(sid, 'call_msg', 'take_message', message)).toMatchObject({ ok: true })
    const db = scopedDb(prisma, org.organizationId)
    const log = await db.callLog.findUniqueOrThrow({ where: { callSid: sid } })
    expect(await db.callerMessage.findMany({ where: { callLogId: log.id, kind: 'MESSAGE' } })).toEqual([
      expect.objectContaining({ callerName: 'Ada Lovelace', callbackNumber: CALLER, urgency: 'urgent', body: 'Wants to move her appointment to Friday.' }),
    ])
    const bad = await tool(sid, 'call_bad', 'take_message', { callerName: '', reason: 'x' })
    expect(bad.ok).toBe(false)
    expect(bad.error).toMatch(/^Invalid arguments: .*callerName.*Ask the caller again and retry\.$/)
    const events = await db.callEvent.findMany({ where: { callLogId: log.id, type: 'tool' } })
    expect(events.map((event) => event.dedupeKey).sort()).toEqual(['tool:call_bad', 'tool:call_msg'])
  })

  it('transfers the live call to a team by name; an unknown team gets the list instead', async () => {
    const sid = await liveCall()
    expect(await tool(sid, 'call_t1', 'transfer_call', { target: 'Billing' })).toEqual({ ok: false, error: 'There is no one called "Billing" to transfer to. You can transfer to: Sales (team), Support (team).' })
    expect(await tool(sid, 'call_t2', 'transfer_call', { target: 'support' })).toEqual({ ok: true, result: { transferredTo: 'Support', kind: 'queue' } })
    for (let step = 0; !stack.sandbox.engine.events(sid).some((event) => event.type === 'twiml' && event.summary.startsWith('<Enqueue>')); step++) {
      if (step > 100) throw new Error('the call was not enqueued')
      await stack.clock.advance(200)
    }
    expect(sandboxCall(sid).status).toBe('in-progress')
    const log = await prisma.callLog.findUniqueOrThrow({ where: { callSid: sid } })
    expect(log.handledBy).toBe('QUEUE')
  })

  it('ends the call', async () => {
    const sid = await liveCall()
    expect(await tool(sid, 'call_end', 'end_call', {})).toEqual({ ok: true, result: { ended: true } })
    for (let step = 0; sandboxCall(sid).status !== 'completed'; step++) {
      if (step > 100) throw new Error('the call did not end')
      await stack.clock.advance(200)
    }
  })
})
