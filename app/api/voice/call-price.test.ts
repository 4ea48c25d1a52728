import twilio from 'twilio'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testPrisma } from '@/lib/db/test-database'
import { settleCallPrices } from '@/lib/calls/call-price'
import { forgetMediaServerHealth } from '@/lib/telephony/media-server-health'
import { scopedDb } from '@/lib/tenancy/scoped-db'
import { control, provisionedOrganization, startVoiceStack, type VoiceStack } from './voice-test-stack'

// Twilio fills a call's price in after it completes; the status callbacks do not carry it. A
// sandbox call is first counted from the price table (set far from Twilio's list price here, so
// the two cannot be confused), then re-priced from the Call resource or from a late callback that
// carries Price — once, however often and however concurrently that happens.

const TABLE_PER_MINUTE = 0.5

describe('a price known only after completion re-prices the usage row once', () => {
  const prisma = testPrisma()
  let stack: VoiceStack
  let org: Awaited<ReturnType<typeof provisionedOrganization>>

  beforeAll(async () => {
    stack = await startVoiceStack({ env: { PRICE_INBOUND_PER_MINUTE_USD: String(TABLE_PER_MINUTE) } })
    org = await provisionedOrganization(prisma, stack, 'late-price')
    forgetMediaServerHealth()
    stack.mediaServer.ready = false
  })
  afterAll(() => stack?.close())

  const db = () => scopedDb(prisma, org.organizationId)
  // Call times come from the sandbox's clock (the callbacks' Timestamp), so the lookup window does too.
  const settle = () => settleCallPrices(prisma, { now: new Date(stack.clock.now()) })

  async function completedCall() {
    const line = await org.buyNumber({ routeKind: 'AI', afterHoursMode: 'MESSAGE', afterHoursMessage: 'We are out. Goodbye.' })
    const { sid } = (await control(stack, 'POST', '/calls', { from: '+14155550144', to: line.e164 })) as { sid: string }
    for (let waited = 0; stack.sandbox.store.calls.get(sid)!.status !== 'completed'; waited += 250) {
      if (waited > 60_000) throw new Error('the call did not end')
      await stack.clock.advance(250)
    }
    await stack.clock.advance(250) // the completed callback, sent before Twilio knows the price
    return sid
  }

  async function state(sid: string) {
    const call = await db().callLog.findUniqueOrThrow({ where: { callSid: sid } })
    const usage = await db().usageRecord.findMany({ where: { callLogId: call.id } })
    return { call, usage, costs: usage.map((row) => Number(row.costUsd)) }
  }

  it('from the Call resource: table cost first, then Twilio’s price, the same after repeated and concurrent lookups', async () => {
    const sid = await completedCall()
    const first = await state(sid)
    expect(first.call.price).toBeNull()
    expect(first.costs).toEqual([Math.ceil(first.call.durationSeconds! / 60) * TABLE_PER_MINUTE])

    // Twilio has no price yet: nothing changes.
    if (stack.sandbox.store.calls.get(sid)!.price === null) {
      await settle()
      expect((await state(sid)).costs).toEqual(first.costs)
    }
    await stack.clock.advance(2000) // Twilio fills the price in
    const twilioPrice = stack.sandbox.store.calls.get(sid)!.price!
    expect(Number(twilioPrice)).toBeLessThan(0)

    await Promise.all([settle(), settle(), settle()])
    await settle()
    const settled = await state(sid)
    expect(Number(settled.call.price)).toBe(Number(twilioPrice))
    expect(settled.costs).toEqual([Math.abs(Number(twilioPrice))])
    expect(Number(settled.call.costUsd)).toBe(Math.abs(Number(twilioPrice)))
  })

  it('from a late status callback carrying Price, delivered twice at once: one row at Twilio’s price', async () => {
    const sid = await completedCall()
    const before = await state(sid)
    expect(before.costs).toEqual([Math.ceil(before.call.durationSeconds! / 60) * TABLE_PER_MINUTE])
    const url = `${stack.app.baseUrl}/api/voice/status`
    const params = { AccountSid: org.accountSid, CallSid: sid, CallStatus: 'completed', From: '+14155550144', To: before.call.toNumber, Direction: 'inbound', CallDuration: String(before.call.durationSeconds), SequenceNumber: '9', Price: '-0.01700', PriceUnit: 'USD' }
    const post = () => fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(org.authToken, url, params) }, body: new URLSearchParams(params) })
    const answers = await Promise.all([post(), post()])
    expect(answers.map((answer) => answer.status)).toEqual([200, 200])
    expect((await post()).status).toBe(200)

    const after = await state(sid)
    expect(after.usage).toHaveLength(1)
    expect(after.costs).toEqual([0.017])
    expect(Number(after.call.costUsd)).toBe(0.017)
    expect(Number(after.usage[0]!.quantity)).toBe(Number(before.usage[0]!.quantity))
    // The Call resource's figure, looked up later, does not overwrite the first reported price.
    await stack.clock.advance(2000)
    await settle()
    expect((await state(sid)).costs).toEqual([0.017])
  })
})
