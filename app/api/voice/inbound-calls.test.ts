import { DateTime } from 'luxon'
import twilio from 'twilio'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { config } from '@/lib/config/env'
import { mediaKey } from '@/lib/telephony/media-keys'
import { signRequest } from '@/lib/telephony/signed-request'
import { testPrisma } from '@/lib/db/test-database'
import { forgetMediaServerHealth } from '@/lib/telephony/media-server-health'
import { verifyStreamToken } from '@/lib/telephony/stream-token'
import { createSchedule, scheduleBodySchema } from '@/lib/routing/schedules'
import { scopedDb } from '@/lib/tenancy/scoped-db'
import { control, provisionedOrganization, startVoiceStack, type NumberRoute, type VoiceStack } from './voice-test-stack'

// Sandbox calls through the simulated-caller API, taking each route end to end: the sandbox
// requests our signed webhooks over HTTP, runs the TwiML we answer, and sends the status,
// recording and transcription callbacks; the assertions read the TwiML the sandbox received,
// the call log, the voicemail and the usage record.

const CALLER = '+14155550142'
const ALWAYS = [0, 1, 2, 3, 4, 5, 6].map((dayOfWeek) => ({ dayOfWeek, startMinute: 0, endMinute: 1440 }))

describe('inbound calls through the sandbox', () => {
  const prisma = testPrisma()
  let stack: VoiceStack
  let org: Awaited<ReturnType<typeof provisionedOrganization>>

  beforeAll(async () => {
    stack = await startVoiceStack()
    org = await provisionedOrganization(prisma, stack, 'inbound')
  })
  afterAll(() => stack?.close())

  const db = () => scopedDb(prisma, org.organizationId)

  async function number(route: NumberRoute) {
    return org.buyNumber(route)
  }

  async function call(to: string): Promise<string> {
    const placed = (await control(stack, 'POST', '/calls', { from: CALLER, to })) as { sid: string }
    return placed.sid
  }

  const sandboxCall = (sid: string) => stack.sandbox.store.calls.get(sid)!
  const ended = (sid: string) => ['completed', 'busy', 'no-answer', 'failed', 'canceled'].includes(sandboxCall(sid).status)

  async function advanceUntil(done: () => boolean, limitMs = 240_000) {
    for (let elapsed = 0; !done(); elapsed += 500) {
      if (elapsed > limitMs) throw new Error('the call did not get there in time')
      await stack.clock.advance(500)
    }
  }

  /** What the sandbox received from our app, webhook by webhook. */
  function webhooks(sid: string) {
    return stack.sandbox.engine.events(sid).filter((e) => e.type === 'webhook').map((e) => {
      const detail = e.detail as { purpose: string; request: { url: string; params: Record<string, string> }; response: { status: number; body: string } }
      return { purpose: detail.purpose, path: new URL(detail.request.url).pathname, params: detail.request.params, status: detail.response.status, body: detail.response.body }
    })
  }

  async function leaveMessage(sid: string, text: string) {
    await advanceUntil(() => stack.sandbox.engine.events(sid).some((e) => e.type === 'twiml' && e.summary.startsWith('<Record>')))
    await stack.clock.advance(1500) // the beep
    await control(stack, 'POST', `/calls/${sid}/audio`, { say: text })
    await advanceUntil(() => ended(sid))
    await stack.clock.advance(5000) // the last callbacks (the transcription comes a few seconds later)
  }

  async function logged(sid: string) {
    const row = await db().callLog.findUniqueOrThrow({ where: { callSid: sid } })
    const [events, voicemails, usage, legs] = await Promise.all([
      db().callEvent.findMany({ where: { callLogId: row.id }, orderBy: { receivedAt: 'asc' } }),
      db().voicemail.findMany({ where: { callSid: sid } }),
      db().usageRecord.findMany({ where: { callLogId: row.id } }),
      db().callLog.findMany({ where: { parentCallLogId: row.id } }),
    ])
    return { row, events, voicemails, usage, legs }
  }

  it('after hours: voicemail with the greeting, the recording, its transcript and the usage record', async () => {
    const schedule = await db().businessHours.create({ data: { organizationId: org.organizationId, name: 'Closed', timeZone: 'America/New_York' } })
    const line = await number({ routeKind: 'AI', businessHoursId: schedule.id, afterHoursMessage: 'You reached Acme after hours.', voice: 'coral' })
    const sid = await call(line.e164)
    await leaveMessage(sid, 'Please call me back about the invoice.')

    const [voice] = webhooks(sid)
    expect(voice).toMatchObject({ purpose: 'voice', path: '/api/voice/incoming', status: 200 })
    // Routed through the organization's TwiML App, so Twilio names it on the request.
    // The number has its own voice URL (as the app buys it): no TwiML App is involved.
    expect(voice!.params.ApplicationSid).toBeUndefined()
    // Every prompt is spoken in the number's voice: the greeting, and the thank-you after the message.
    expect(voice!.body).toContain('<Say voice="Polly.Ruth-Neural">You reached Acme after hours.</Say><Record maxLength="120" playBeep="true"')
    const action = webhooks(sid).find((w) => w.purpose === 'action' && w.path === '/api/voice/recording-complete')
    expect(action!.body).toContain('<Say voice="Polly.Ruth-Neural">Thank you. Your message has been recorded. Goodbye.</Say>')
    expect(webhooks(sid).map((w) => w.path)).toEqual(expect.arrayContaining(['/api/voice/recording-complete', '/api/voice/transcription-complete', '/api/voice/status']))

    const { row, events, voicemails, usage } = await logged(sid)
    expect(row).toMatchObject({ status: 'COMPLETED', handledBy: 'VOICEMAIL', direction: 'INBOUND', fromNumber: CALLER, toNumber: line.e164, phoneNumberId: line.id })
    expect(row.durationSeconds).toBeGreaterThan(0)
    const incoming = events.find((e) => e.type === 'webhook:incoming')!.payload as { twiml: string; detail: { decision: string; reason: string } }
    expect(incoming.detail).toEqual({ decision: 'voicemail', reason: 'after hours: schedule Closed, closed → voicemail' })
    expect(incoming.twiml).toBe(voice!.body)
    expect(voicemails).toHaveLength(1)
    expect(voicemails[0]).toMatchObject({ fromNumber: CALLER, toNumber: line.e164, transcription: 'Please call me back about the invoice.', transcriptionStatus: 'completed', listenedAt: null, recordingStatus: 'completed', callLogId: row.id })
    expect(voicemails[0]!.durationSeconds).toBeGreaterThan(0)
    expect(usage).toHaveLength(1)
    expect(usage[0]).toMatchObject({ category: 'VOICE_INBOUND', unit: 'minutes' })
    expect(Number(usage[0]!.quantity)).toBe(Math.ceil(row.durationSeconds! / 60))
  })

  it('holiday: the exception closes an always-open schedule and the reason names it', async () => {
    const today = DateTime.utc().setZone('Europe/Berlin').toISODate()!
    const tomorrow = DateTime.utc().setZone('Europe/Berlin').plus({ days: 1 }).toISODate()!
    const schedule = await createSchedule(db(), org.organizationId, scheduleBodySchema.parse({ name: 'Holidays', timeZone: 'Europe/Berlin', intervals: ALWAYS, exceptions: [today, tomorrow].map((date) => ({ date, closed: true, label: 'Company holiday' })) }))
    const line = await number({ routeKind: 'AI', businessHoursId: schedule.id, afterHoursMode: 'MESSAGE', afterHoursMessage: 'We are closed for the holiday.' })
    const sid = await call(line.e164)
    await advanceUntil(() => ended(sid))
    expect(webhooks(sid)[0]!.body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Say voice="Polly.Joanna-Neural">We are closed for the holiday.</Say><Hangup/></Response>')
    const incoming = (await logged(sid)).events.find((e) => e.type === 'webhook:incoming')!.payload as { detail: { reason: string } }
    expect(incoming.detail.reason).toMatch(/^after hours: schedule Holidays, closed \(Company holiday\) until \w{3} \d+ \w{3} 00:00 → message$|^after hours: schedule Holidays, closed \(Company holiday\) until \w{3} 00:00 → message$/)
  })

  it('AI: <Connect><Stream> with a signed token and both numbers; a stream that dies sends the caller to voicemail', async () => {
    forgetMediaServerHealth()
    stack.mediaServer.ready = true
    // The number's own receptionist settings choose the audio format the token carries.
    const line = await number({ routeKind: 'AI', greeting: 'Hi, this is Acme.', aiSettings: { audioFormat: 'pcm16' } })
    const sid = await call(line.e164)
    await leaveMessage(sid, 'I wanted to book a table.')

    const [voice, ...rest] = webhooks(sid)
    expect(voice!.body).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><Response><Say voice="Polly.Joanna-Neural">This call may be recorded for quality purposes.<\/Say><Connect action="http:\/\/127.0.0.1:\d+\/api\/voice\/stream-ended"><Stream url="ws:\/\/127.0.0.1:9\/media-stream">/)
    const token = voice!.body.match(/<Parameter name="token" value="([^"]+)"\/>/)![1]!
    expect(verifyStreamToken(token, config().secrets.mediaStream, Date.now())).toMatchObject({ ok: true, session: { callSid: sid, accountSid: org.accountSid, organizationId: org.organizationId, greeting: 'Hi, this is Acme.', voice: 'alloy', audioFormat: 'pcm16' } })
    expect(voice!.body).toContain(`<Parameter name="from" value="${CALLER}"/><Parameter name="to" value="${line.e164}"/>`)
    expect(rest[0]).toMatchObject({ purpose: 'action', path: '/api/voice/stream-ended' })
    expect(rest[0]!.body).toContain('<Record')
    const { row, voicemails } = await logged(sid)
    expect(row.handledBy).toBe('VOICEMAIL')
    expect(voicemails[0]!.transcription).toBe('I wanted to book a table.')
  })

  it('AI with the media server not ready: straight to the after-hours mode, no stream', async () => {
    forgetMediaServerHealth()
    stack.mediaServer.ready = false
    const line = await number({ routeKind: 'AI', afterHoursMode: 'MESSAGE', afterHoursMessage: 'Our assistant is resting.' })
    const sid = await call(line.e164)
    await advanceUntil(() => ended(sid))
    expect(webhooks(sid)[0]!.body).not.toContain('<Connect')
    expect(webhooks(sid)[0]!.body).toContain('Our assistant is resting.')
    forgetMediaServerHealth()
    stack.mediaServer.ready = true
  })

  async function userLine(forwardingNumber: string | null) {
    const user = await prisma.user.update({ where: { id: org.ownerId }, data: { forwardingNumber, availability: 'AVAILABLE' } })
    return { user, line: await number({ routeKind: 'USER', routeUserId: user.id }) }
  }

  it('user answers on the forwarding number: the caller waits in their conference, both phones are dialled in, the first answer wins; legs attach to the call', async () => {
    await control(stack, 'PUT', `/outside-numbers/${encodeURIComponent('+14155550177')}`, { behavior: 'answer', ringSeconds: 3 })
    const { user, line } = await userLine('+14155550177')
    const sid = await call(line.e164)
    await advanceUntil(() => stack.sandbox.engine.events(sid).some((e) => e.type === 'dial' && e.summary.startsWith('joined conference')), 20_000)
    // The phone rings 3 s, answers and talks with the caller.
    await stack.clock.advance(20_000)
    await control(stack, 'POST', `/calls/${sid}/hangup`, {})
    await advanceUntil(() => ended(sid))
    await stack.clock.advance(2000)

    const [voice] = webhooks(sid)
    const action = webhooks(sid).find((w) => w.path === '/api/voice/dial-status')
    expect(voice!.body).toBe(
      `<?xml version="1.0" encoding="UTF-8"?><Response><Say voice="Polly.Joanna-Neural">This call may be recorded for quality purposes.</Say>` +
        `<Dial action="${stack.app.baseUrl}/api/voice/dial-status"><Conference startConferenceOnEnter="false" endConferenceOnExit="true" beep="false" participantLabel="customer" waitUrl="${stack.app.baseUrl}/api/voice/hold-music" waitMethod="POST">bridge-${sid}</Conference></Dial></Response>`,
    )
    // A conference reports DialCallStatus=answered to the action (https://www.twilio.com/docs/voice/twiml/dial#action).
    expect(action).toMatchObject({ path: '/api/voice/dial-status', params: expect.objectContaining({ DialCallStatus: 'answered' }) })
    const { row, legs, usage } = await logged(sid)
    expect(row).toMatchObject({ status: 'COMPLETED', handledBy: 'AGENT', agentUserId: user.id })
    expect(legs.map((leg) => [leg.toNumber, leg.status]).sort()).toEqual([['+14155550177', 'COMPLETED'], [`client:${user.softphoneIdentity}`, 'CANCELED']].sort())
    expect(legs.every((leg) => leg.direction === 'OUTBOUND' && leg.parentCallSid === sid)).toBe(true)
    // The softphone leg is the member's: while it is live, routing counts them as on a call.
    expect(legs.find((leg) => leg.toNumber.startsWith('client:'))!.agentUserId).toBe(user.id)
    expect(usage).toHaveLength(1)
    const bridge = await prisma.callBridge.findUniqueOrThrow({ where: { customerCallSid: sid } })
    expect(bridge.agentCallSid).toBe(legs.find((leg) => leg.toNumber === '+14155550177')!.callSid)
  })

  it('a member already talking on their softphone is busy: the next caller goes to voicemail without ringing', async () => {
    const { user, line } = await userLine(null)
    const live = await prisma.callLog.create({
      data: { organizationId: org.organizationId, callSid: `CA${'b'.repeat(32)}`, direction: 'OUTBOUND', fromNumber: '+14155550101', toNumber: `client:${user.softphoneIdentity}`, status: 'IN_PROGRESS', agentUserId: user.id },
    })
    try {
      const sid = await call(line.e164)
      await leaveMessage(sid, 'Call me back.')
      const [voice] = webhooks(sid)
      expect(voice!.body).not.toContain('<Dial')
      expect(voice!.body).toContain('<Record maxLength="120"')
      const { events } = await logged(sid)
      const decision = events.find((e) => e.type === 'webhook:incoming')!.payload as { detail: { reason: string } }
      expect(decision.detail.reason).toBe(`no business hours set; ${user.name} is on a call → voicemail`)
    } finally {
      await prisma.callLog.delete({ where: { id: live.id } })
    }
  })

  it('user busy, and user not answering: when the last leg has ended, the caller leaves the conference for voicemail', async () => {
    await control(stack, 'PUT', `/outside-numbers/${encodeURIComponent('+14155550178')}`, { behavior: 'busy' })
    for (const forwarding of ['+14155550178', null]) {
      const { line } = await userLine(forwarding)
      const sid = await call(line.e164)
      await leaveMessage(sid, 'Sorry I missed you.')
      // The softphone (no device registered) rings out after the busy phone: its status is what the after-hours mode hears.
      const unanswered = webhooks(sid).find((w) => w.path === '/api/voice/bridge-unanswered')!
      expect(unanswered.body).toContain('<Record maxLength="120"')
      const { row, events, voicemails } = await logged(sid)
      expect(row.handledBy).toBe('VOICEMAIL')
      const decision = events.find((e) => e.type === 'webhook:bridge-unanswered')!.payload as { detail: { reason: string } }
      expect(decision.detail.reason).toBe('Owner inbound: no answer → voicemail')
      expect(await prisma.callBridge.findUnique({ where: { customerCallSid: sid } })).toBeNull()
      expect(voicemails.map((v) => v.transcription)).toEqual(['Sorry I missed you.'])
    }
  })

  it('queue: <Enqueue> with the wait URL announcing the position over hold music', async () => {
    const queue = await prisma.queue.create({ data: { organizationId: org.organizationId, name: `Support ${Date.now()}` } })
    const line = await number({ routeKind: 'QUEUE', routeQueueId: queue.id, voice: 'echo' })
    const sid = await call(line.e164)
    await advanceUntil(() => webhooks(sid).some((w) => w.path === '/api/voice/queue-wait'), 20_000)
    await stack.clock.advance(5000)
    await control(stack, 'POST', `/calls/${sid}/hangup`, {})
    await advanceUntil(() => ended(sid))
    await stack.clock.advance(1000)
    const [voice, wait] = webhooks(sid)
    expect(voice!.body).toBe(`<?xml version="1.0" encoding="UTF-8"?><Response><Say voice="Polly.Gregory-Neural">This call may be recorded for quality purposes.</Say><Enqueue waitUrl="${stack.app.baseUrl}/api/voice/queue-wait?voice=Polly.Gregory-Neural" action="${stack.app.baseUrl}/api/voice/dial-status">${queue.name}</Enqueue></Response>`)
    expect(wait).toMatchObject({ purpose: 'wait-url', params: expect.objectContaining({ QueuePosition: '1' }) })
    expect(wait!.body).toBe(`<?xml version="1.0" encoding="UTF-8"?><Response><Say voice="Polly.Gregory-Neural">You are next in line. Thank you for waiting.</Say><Play>${config().holdMusicUrl}</Play></Response>`)
    expect((await logged(sid)).row).toMatchObject({ handledBy: 'QUEUE', status: 'COMPLETED' })
  })

  it('hand-back: the media server’s signed POST redirects the live call to voicemail and leaves a call-back item', async () => {
    const queue = await prisma.queue.create({ data: { organizationId: org.organizationId, name: `Hold ${Date.now()}` } })
    const line = await number({ routeKind: 'QUEUE', routeQueueId: queue.id })
    const sid = await call(line.e164)
    await advanceUntil(() => webhooks(sid).some((w) => w.path === '/api/voice/queue-wait'), 20_000)
    const body = JSON.stringify({ callSid: sid, streamSid: `MZ${'1'.repeat(32)}`, reason: 'realtime connection lost' })
    const signed = (secret: string) => signRequest(mediaKey(secret, 'hand-back'), { method: 'POST', path: '/api/voice/hand-back', body })
    const post = (headers: Record<string, string>) => fetch(`${stack.app.baseUrl}/api/voice/hand-back`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body })
    expect((await post(signed('not-the-secret'.repeat(3)))).status).toBe(401)
    const accepted = await post(signed(config().secrets.mediaStream))
    expect(await accepted.json()).toEqual({ status: 'handled', redirected: true })
    expect((await post(signed(config().secrets.mediaStream))).status).toBe(200) // a repeat is harmless
    await leaveMessage(sid, 'Call me back please.')
    expect(webhooks(sid).find((w) => w.purpose === 'redirect')).toMatchObject({ path: '/api/voice/voicemail' })
    const { row, voicemails } = await logged(sid)
    expect(voicemails.map((v) => v.transcription)).toEqual(['Call me back please.'])
    const messages = await db().callerMessage.findMany({ where: { callLogId: row.id } })
    expect(messages).toHaveLength(1)
    expect(messages[0]).toMatchObject({ kind: 'MISSED_CALLBACK', callbackNumber: CALLER })
  })

  it('unknown or released number: a polite message, never an error', async () => {
    const bought = await org.buySandboxNumber()
    const sid = await call(bought.phoneNumber)
    await advanceUntil(() => ended(sid))
    expect(webhooks(sid)[0]!.body).toContain('the number you have called is not in service')
    const released = await number({ routeKind: 'AI', status: 'RELEASED' })
    const releasedSid = await call(released.e164)
    await advanceUntil(() => ended(releasedSid))
    expect(webhooks(releasedSid)[0]!.body).toContain('the number you have called is not in service')
    expect(stack.sandbox.engine.events(sid).filter((e) => e.type === 'error' || e.summary.includes('application error'))).toEqual([])
  })

  it('a forged, unsigned or foreign-account webhook is refused with 403 and changes nothing', async () => {
    const url = `${stack.app.baseUrl}/api/voice/status`
    const params = { AccountSid: org.accountSid, CallSid: `CA${'f'.repeat(32)}`, CallStatus: 'completed', From: CALLER, To: '+16175550000', CallDuration: '60' }
    const post = (headers: Record<string, string>, body = params) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(body) })
    const good = twilio.getExpectedTwilioSignature(org.authToken, url, params)
    expect((await post({})).status).toBe(403)
    expect((await post({ 'x-twilio-signature': twilio.getExpectedTwilioSignature('0'.repeat(32), url, params) })).status).toBe(403)
    expect((await post({ 'x-twilio-signature': good }, { ...params, CallDuration: '6000' })).status).toBe(403)
    const foreign = { ...params, AccountSid: `AC${'e'.repeat(32)}` }
    expect((await post({ 'x-twilio-signature': twilio.getExpectedTwilioSignature(org.authToken, url, foreign) }, foreign)).status).toBe(403)
    // Signed over another host than the configured public URL: refused too.
    expect((await post({ 'x-twilio-signature': twilio.getExpectedTwilioSignature(org.authToken, 'http://evil.example/api/voice/status', params) })).status).toBe(403)
    expect(await prisma.callLog.findUnique({ where: { callSid: params.CallSid } })).toBeNull()
    const refused = await post({ 'x-twilio-signature': good })
    expect(refused.status).toBe(200)
    expect(refused.headers.get('content-type')).toContain('text/xml')
    expect(await prisma.callLog.findUnique({ where: { callSid: params.CallSid } })).not.toBeNull()
  })
})
