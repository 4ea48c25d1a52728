import { randomBytes } from 'node:crypto'
import twilio from 'twilio'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCallFlow, updateCallFlow } from '@/lib/call-flows/call-flows'
import { callFlowBodySchema } from '@/lib/call-flows/flow-schema'
import { testPrisma } from '@/lib/db/test-database'
import { forgetMediaServerHealth } from '@/lib/telephony/media-server-health'
import { scopedDb } from '@/lib/tenancy/scoped-db'
import { twoLevelFlow } from '@/lib/testing/call-flows'
import { createOrganization } from '@/lib/testing/factories'
import { control, provisionedOrganization, startVoiceStack, type NumberRoute, type VoiceStack } from './voice-test-stack'

// Calls through a two-level phone menu in the sandbox: the caller presses keys and says words
// through the simulated-caller API, the sandbox runs our <Gather>s and posts Digits or
// SpeechResult to /api/voice/menu, and the assertions read the TwiML the sandbox received and the
// call's timeline. Main: 1/"sales" queue, 2/"billing" Billing menu, 3 AI, 0 voicemail, default
// voicemail after 2 retries. Billing: 1 outside number, 2/"address" message, 9 back; no retries.

const CALLER = '+14155550142'

describe('calls through a call flow', () => {
  const prisma = testPrisma()
  let stack: VoiceStack
  let org: Awaited<ReturnType<typeof provisionedOrganization>>
  let queue: { id: string; name: string }

  beforeAll(async () => {
    stack = await startVoiceStack()
    org = await provisionedOrganization(prisma, stack, 'flows')
    queue = await prisma.queue.create({ data: { organizationId: org.organizationId, name: 'Sales' } })
  })
  afterAll(() => stack?.close())

  const db = () => scopedDb(prisma, org.organizationId)

  async function flowNumber(name: string, extra: NumberRoute = {}) {
    const flow = await createCallFlow(db(), org.ownerId, org.organizationId, callFlowBodySchema.parse({ name, ...twoLevelFlow({ queueId: queue.id }) }))
    const number = await org.buyNumber({ callFlowId: flow.id, ...extra })
    return { flow, number }
  }

  async function call(to: string): Promise<string> {
    return ((await control(stack, 'POST', '/calls', { from: CALLER, to })) as { sid: string }).sid
  }
  const ended = (sid: string) => ['completed', 'busy', 'no-answer', 'failed', 'canceled'].includes(stack.sandbox.store.calls.get(sid)!.status)
  async function advanceUntil(done: () => boolean, limitMs = 120_000) {
    for (let elapsed = 0; !done(); elapsed += 250) {
      if (elapsed > limitMs) throw new Error('the call did not get there in time')
      await stack.clock.advance(250)
    }
  }
  function webhooks(sid: string) {
    return stack.sandbox.engine.events(sid).filter((e) => e.type === 'webhook').map((e) => {
      const detail = e.detail as { purpose: string; request: { url: string; params: Record<string, string> }; response: { status: number; body: string } }
      const url = new URL(detail.request.url)
      return { purpose: detail.purpose, path: url.pathname, query: Object.fromEntries(url.searchParams), params: detail.request.params, status: detail.response.status, body: detail.response.body }
    })
  }
  const answers = (sid: string) => webhooks(sid).filter((w) => w.path === '/api/voice/incoming' || w.path === '/api/voice/menu')
  /** Waits until the n-th menu (counting the incoming answer as the first) is playing. */
  async function atMenu(sid: string, n: number) {
    await advanceUntil(() => answers(sid).length >= n)
    await stack.clock.advance(500)
  }
  const press = (sid: string, digits: string) => control(stack, 'POST', `/calls/${sid}/dtmf`, { digits })
  const say = (sid: string, text: string) => control(stack, 'POST', `/calls/${sid}/audio`, { say: text })
  async function hangUp(sid: string) {
    if (!ended(sid)) await control(stack, 'POST', `/calls/${sid}/hangup`, {})
    await advanceUntil(() => ended(sid))
    await stack.clock.advance(1000)
  }
  /** The routing lines of the call's timeline, in order. */
  async function timeline(sid: string) {
    const row = await db().callLog.findUniqueOrThrow({ where: { callSid: sid } })
    const events = await db().callEvent.findMany({ where: { callLogId: row.id, type: { in: ['webhook:incoming', 'webhook:menu'] } }, orderBy: [{ receivedAt: 'asc' }, { id: 'asc' }] })
    return { row, reasons: events.map((e) => (e.payload as { detail: { reason: string } }).detail.reason), flows: events.map((e) => (e.payload as { detail: { flow: Record<string, unknown> } }).detail.flow) }
  }

  it('press 2 for the Billing sub-menu, then say “address”: the message, then hang-up', async () => {
    const { flow, number } = await flowNumber('Two levels')
    const sid = await call(number.e164)
    await atMenu(sid, 1)
    const [entry] = answers(sid)
    expect(entry!.body).toContain('<Gather input="dtmf speech" numDigits="1" timeout="4" speechTimeout="auto" hints="sales, billing, invoice, assistant, voicemail, leave a message"')
    expect(entry!.body).toContain(`action="${stack.app.baseUrl}/api/voice/menu?version=${flow.versionId}&amp;step=main&amp;attempt=0"`)
    expect(entry!.body).toContain('<Say voice="Polly.Joanna-Neural">For sales press 1 or say sales.')
    await press(sid, '2')
    await atMenu(sid, 2)
    const billing = answers(sid)[1]!
    expect(billing).toMatchObject({ purpose: 'action', query: { version: flow.versionId, step: 'main', attempt: '0' }, params: expect.objectContaining({ Digits: '2' }) })
    expect(billing.body).toContain('To talk to our accountant press 1.')
    await say(sid, 'The address please')
    await advanceUntil(() => ended(sid))
    const last = answers(sid)[2]!
    expect(last.params).toMatchObject({ SpeechResult: 'The address please.', Confidence: expect.any(String) })
    expect(last.params.Digits).toBeUndefined()
    expect(last.body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Say voice="Polly.Joanna-Neural">We are at 1 Main Street. Goodbye.</Say><Hangup/></Response>')
    await stack.clock.advance(1000)
    const { row, reasons, flows } = await timeline(sid)
    expect(reasons).toEqual([
      'call flow Two levels v1, open entry (no business hours set) → menu Main',
      'menu Main: pressed 2 → menu Billing',
      'menu Billing: said “The address please.” → message and hang up',
    ])
    expect(flows.map((f) => f.stepId)).toEqual(['main', 'billing', 'address'])
    expect(flows.every((f) => f.versionId === flow.versionId && f.callFlowId === flow.id)).toBe(true)
    expect(row).toMatchObject({ handledBy: 'MESSAGE', status: 'COMPLETED', phoneNumberId: number.id })
  })

  it('say “sales”: the Sales queue; press 0: voicemail; press 3: the AI receptionist', async () => {
    const { number } = await flowNumber('Destinations')
    const sales = await call(number.e164)
    await atMenu(sales, 1)
    await say(sales, 'Sales')
    await advanceUntil(() => answers(sales).length >= 2)
    expect(answers(sales)[1]!.body).toBe(`<?xml version="1.0" encoding="UTF-8"?><Response><Say voice="Polly.Joanna-Neural">This call may be recorded for quality purposes.</Say><Enqueue waitUrl="${stack.app.baseUrl}/api/voice/queue-wait?voice=Polly.Joanna-Neural" action="${stack.app.baseUrl}/api/voice/dial-status">Sales</Enqueue></Response>`)
    await advanceUntil(() => webhooks(sales).some((w) => w.path === '/api/voice/queue-wait'))
    await hangUp(sales)
    expect((await timeline(sales)).reasons[1]).toBe('menu Main: said “Sales.” → queue Sales')
    expect((await timeline(sales)).row.handledBy).toBe('QUEUE')

    const voicemail = await call(number.e164)
    await atMenu(voicemail, 1)
    await press(voicemail, '0')
    await advanceUntil(() => answers(voicemail).length >= 2)
    expect(answers(voicemail)[1]!.body).toContain('<Record maxLength="120" playBeep="true"')
    await hangUp(voicemail)
    expect((await timeline(voicemail)).row.handledBy).toBe('VOICEMAIL')

    forgetMediaServerHealth()
    stack.mediaServer.ready = true
    const ai = await call(number.e164)
    await atMenu(ai, 1)
    await press(ai, '3')
    await advanceUntil(() => answers(ai).length >= 2)
    expect(answers(ai)[1]!.body).toMatch(/<Connect action="[^"]+\/api\/voice\/stream-ended"><Stream url="ws:\/\/127.0.0.1:9\/media-stream"><Parameter name="token"/)
    await hangUp(ai)
    expect((await timeline(ai)).reasons[1]).toBe('menu Main: pressed 3 → AI receptionist')
  })

  it('Billing → 1: the outside number is dialled with the called number as caller ID', async () => {
    await control(stack, 'PUT', `/outside-numbers/${encodeURIComponent('+14155550177')}`, { behavior: 'answer', ringSeconds: 2 })
    const { number } = await flowNumber('Forward')
    const sid = await call(number.e164)
    await atMenu(sid, 1)
    await press(sid, '2')
    await atMenu(sid, 2)
    await press(sid, '1')
    await advanceUntil(() => stack.sandbox.engine.events(sid).some((e) => e.type === 'dial' && e.summary.startsWith('bridged')), 20_000)
    expect(answers(sid)[2]!.body).toContain(`<Dial answerOnBridge="true" timeout="30" callerId="${number.e164}" action="${stack.app.baseUrl}/api/voice/dial-status"><Number statusCallback=`)
    expect(answers(sid)[2]!.body).toContain('>+14155550177</Number></Dial>')
    await hangUp(sid)
    expect((await timeline(sid)).reasons[2]).toBe('menu Billing: pressed 1 → outside number +14155550177')
  })

  it('no input replays Main with the invalid-input prompt twice (its retries), then takes the default: voicemail', async () => {
    const { number } = await flowNumber('Silent caller')
    const sid = await call(number.e164)
    await advanceUntil(() => answers(sid).length >= 4)
    const [first, second, third, fourth] = answers(sid)
    expect(first!.body).not.toContain('That is not an option.')
    // Each replay came through the no-input Redirect (no Digits, no SpeechResult) with the attempt counted.
    expect([second, third, fourth].map((w) => [w!.purpose, w!.query.attempt, w!.params.Digits, w!.params.SpeechResult])).toEqual([
      ['redirect', '0', undefined, undefined],
      ['redirect', '1', undefined, undefined],
      ['redirect', '2', undefined, undefined],
    ])
    for (const replay of [second, third]) expect(replay!.body).toContain('<Say voice="Polly.Joanna-Neural">That is not an option.</Say><Say voice="Polly.Joanna-Neural">For sales')
    expect(second!.body).toContain('attempt=1"')
    expect(third!.body).toContain('attempt=2"')
    expect(fourth!.body).toContain('<Record maxLength="120"')
    await hangUp(sid)
    expect((await timeline(sid)).reasons.slice(1)).toEqual(['menu Main: no input → menu again (2 of 3)', 'menu Main: no input → menu again (3 of 3)', 'menu Main: no input → default: voicemail'])
  })

  it('a wrong digit replays the menu the same way, and Billing (no retries) goes straight to its default, Main', async () => {
    const { number } = await flowNumber('Wrong keys')
    const sid = await call(number.e164)
    for (let n = 1; n <= 3; n++) {
      await atMenu(sid, n)
      await press(sid, '7')
    }
    await advanceUntil(() => answers(sid).length >= 4)
    expect(answers(sid)[3]!.body).toContain('<Record')
    await hangUp(sid)
    expect((await timeline(sid)).reasons.slice(1)).toEqual(['menu Main: pressed 7, not an option → menu again (2 of 3)', 'menu Main: pressed 7, not an option → menu again (3 of 3)', 'menu Main: pressed 7, not an option → default: voicemail'])

    const billing = await call(number.e164)
    await atMenu(billing, 1)
    await press(billing, '2')
    await atMenu(billing, 2)
    await press(billing, '5')
    await atMenu(billing, 3)
    expect(answers(billing)[2]!.body).toContain('step=main&amp;attempt=0')
    expect((await timeline(billing)).reasons[2]).toBe('menu Billing: pressed 5, not an option → default: menu Main')
    await hangUp(billing)
  })

  it('a flow edited during a call does not change that call; the next call gets the new version', async () => {
    const { flow, number } = await flowNumber('Edited mid-call')
    const sid = await call(number.e164)
    await atMenu(sid, 1)
    // Key 1 now leads to voicemail instead of the Sales queue.
    const edited = twoLevelFlow({ queueId: queue.id })
    edited.steps.sales = { kind: 'voicemail' }
    const saved = await updateCallFlow(db(), org.ownerId, org.organizationId, flow.id, callFlowBodySchema.parse({ name: 'Edited mid-call', ...edited }))
    expect(saved.version).toBe(2)
    await press(sid, '1')
    await advanceUntil(() => answers(sid).length >= 2)
    expect(answers(sid)[1]!.body).toContain('<Enqueue')
    expect((await timeline(sid)).flows[1]).toMatchObject({ versionId: flow.versionId, version: 1 })
    await hangUp(sid)

    const next = await call(number.e164)
    await atMenu(next, 1)
    expect(answers(next)[0]!.body).toContain(`version=${saved.versionId}`)
    await press(next, '1')
    await advanceUntil(() => answers(next).length >= 2)
    expect(answers(next)[1]!.body).toContain('<Record')
    await hangUp(next)
  })

  it('outside business hours the closed entry answers; without one, the number’s after-hours mode', async () => {
    const schedule = await db().businessHours.create({ data: { organizationId: org.organizationId, name: 'Never open', timeZone: 'UTC' } })
    const { number } = await flowNumber('Closed entry', { businessHoursId: schedule.id })
    const sid = await call(number.e164)
    await advanceUntil(() => ended(sid))
    expect(answers(sid)[0]!.body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Say voice="Polly.Joanna-Neural">We are closed.</Say><Hangup/></Response>')
    expect((await timeline(sid)).reasons[0]).toBe('call flow Closed entry v1, closed entry (schedule Never open closed) → message and hang up')

    const openOnly = twoLevelFlow({ queueId: queue.id })
    delete openOnly.entry.closed
    const flow = await createCallFlow(db(), org.ownerId, org.organizationId, callFlowBodySchema.parse({ name: 'Open only', ...openOnly }))
    await db().phoneNumber.update({ where: { id: number.id }, data: { callFlowId: flow.id, afterHoursMode: 'MESSAGE', afterHoursMessage: 'Closed, call tomorrow.' } })
    const second = await call(number.e164)
    await advanceUntil(() => ended(second))
    expect(answers(second)[0]!.body).toContain('Closed, call tomorrow.')
  })

  it('a menu URL naming another organization’s flow version (or a step it lacks) gets the number’s plain route', async () => {
    const other = await createOrganization(prisma, 'flows-other')
    const otherQueue = await prisma.queue.create({ data: { organizationId: other.organizationId, name: 'Their queue' } })
    const theirs = await createCallFlow(scopedDb(prisma, other.organizationId), other.ownerId, other.organizationId, callFlowBodySchema.parse({ name: 'Theirs', ...twoLevelFlow({ queueId: otherQueue.id }) }))
    const { flow, number } = await flowNumber('Ours')
    const plain = await prisma.queue.create({ data: { organizationId: org.organizationId, name: 'Plain route' } })
    await db().phoneNumber.update({ where: { id: number.id }, data: { routeKind: 'QUEUE', routeQueueId: plain.id } })
    const post = async (query: string) => {
      const url = `${stack.app.baseUrl}/api/voice/menu?${query}`
      const params = { AccountSid: org.accountSid, CallSid: `CA${randomBytes(16).toString('hex')}`, From: CALLER, To: number.e164, CallStatus: 'in-progress', Digits: '1' }
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(org.authToken, url, params) }, body: new URLSearchParams(params) })
      expect(response.status).toBe(200)
      return response.text()
    }
    // Their version would send key 1 to their queue; ours is not consulted either: the number's own route answers.
    const foreign = await post(`version=${theirs.versionId}&step=main&attempt=0`)
    expect(foreign).toContain('>Plain route</Enqueue>')
    expect(foreign).not.toContain('Their queue')
    expect(await post(`version=${flow.versionId}&step=nowhere&attempt=0`)).toContain('>Plain route</Enqueue>')
    // The same request on the right step is the flow's: key 1 is the Sales queue.
    expect(await post(`version=${flow.versionId}&step=main&attempt=0`)).toContain('>Sales</Enqueue>')
  })
})
