import twilio from 'twilio'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testPrisma } from '@/lib/db/test-database'
import { addMember, uniqueEmail } from '@/lib/testing/factories'
import { provisionedOrganization, startVoiceStack, type VoiceStack } from './voice-test-stack'

// The TwiML App's voice URL as Twilio requests it when a softphone places a call (the SDK's
// connect: From=client:<identity>, our To and CallerId parameters), signed with the
// subaccount's token: what it dials, what it refuses in plain words, and the call log.

describe('calls placed from a softphone', () => {
  const prisma = testPrisma()
  let stack: VoiceStack
  let org: Awaited<ReturnType<typeof provisionedOrganization>>
  let first: { id: string; e164: string }
  let second: { id: string; e164: string }
  let owner: { id: string; softphoneIdentity: string }
  let colleague: { id: string; name: string; softphoneIdentity: string }

  beforeAll(async () => {
    stack = await startVoiceStack()
    org = await provisionedOrganization(prisma, stack, 'outgoing')
    first = await org.buyNumber({ routeKind: 'AI' })
    second = await org.buyNumber({ routeKind: 'AI' })
    owner = await prisma.user.findUniqueOrThrow({ where: { id: org.ownerId } })
    colleague = await addMember(prisma, org.organizationId, { id: org.ownerId, role: 'OWNER' }, { name: 'Bea', email: uniqueEmail('bea'), role: 'AGENT' })
  })
  afterAll(() => stack?.close())

  let sequence = 0
  async function connect(from: string, params: Record<string, string>) {
    const callSid = `CA${(++sequence).toString(16).padStart(32, '0')}`
    const form = { AccountSid: org.accountSid, ApplicationSid: org.twimlAppSid, CallSid: callSid, From: from, Caller: from, Direction: 'inbound', CallStatus: 'ringing', ApiVersion: '2010-04-01', ...params }
    const url = `${stack.app.baseUrl}/api/voice/outgoing`
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(org.authToken, url, form) }, body: new URLSearchParams(form) })
    expect(response.status).toBe(200)
    return { callSid, twiml: await response.text(), row: await prisma.callLog.findUnique({ where: { callSid } }) }
  }
  const legStatus = () => `statusCallback="${stack.app.baseUrl}/api/voice/status" statusCallbackEvent="initiated ringing answered completed"`
  const said = (message: string) => `<?xml version="1.0" encoding="UTF-8"?><Response><Say voice="Polly.Joanna-Neural">${message}</Say><Hangup/></Response>`

  /** The number's leg the webhook dialled into the softphone call's conference. */
  async function dialled(callSid: string) {
    const bridge = await prisma.callBridge.findUniqueOrThrow({ where: { conference: `bridge-${callSid}` } })
    return { bridge, leg: stack.sandbox.store.calls.get(bridge.customerCallSid!)! }
  }

  it('dials the number into the call’s conference with the organization’s first number as caller ID, and logs the member’s outbound call', async () => {
    const { callSid, twiml, row } = await connect(`client:${owner.softphoneIdentity}`, { To: '+1 415 555 0177' })
    expect(twiml).toBe(`<?xml version="1.0" encoding="UTF-8"?><Response><Dial><Conference startConferenceOnEnter="true" endConferenceOnExit="true" beep="false" waitUrl="">bridge-${callSid}</Conference></Dial></Response>`)
    expect(row).toMatchObject({ direction: 'OUTBOUND', handledBy: 'AGENT', agentUserId: owner.id, phoneNumberId: first.id, fromNumber: `client:${owner.softphoneIdentity}` })
    const { bridge, leg } = await dialled(callSid)
    expect(bridge).toMatchObject({ agentCallSid: callSid, fallback: 'hang-up' })
    expect(leg).toMatchObject({ from: first.e164, to: '+14155550177' })
    // The number's leg is the member's call's child in the log.
    expect(await prisma.callLog.findUnique({ where: { callSid: leg.sid } })).toMatchObject({ parentCallSid: callSid, toNumber: '+14155550177' })
  })

  it('uses the caller ID the agent chose when it is one of the organization’s numbers, and refuses another', async () => {
    const chosen = await connect(`client:${owner.softphoneIdentity}`, { To: '+14155550177', CallerId: second.e164 })
    expect((await dialled(chosen.callSid)).leg.from).toBe(second.e164)
    const foreign = await connect(`client:${owner.softphoneIdentity}`, { To: '+14155550177', CallerId: '+16175559999' })
    expect(foreign.twiml).toBe(said("+16175559999 is not one of your organization's numbers."))
  })

  it('refuses premium, emergency and badly written numbers with a message the agent hears', async () => {
    expect((await connect(`client:${owner.softphoneIdentity}`, { To: '911' })).twiml).toBe(said('Emergency calls cannot be made from the softphone. Please use a mobile or landline phone.'))
    expect((await connect(`client:${owner.softphoneIdentity}`, { To: '+19005550123' })).twiml).toContain('premium-rate number; calls to it are blocked.')
    const refused = await connect(`client:${owner.softphoneIdentity}`, { To: '415 555' })
    expect(refused.twiml).toContain('international format')
    // A member's refused attempt is on their log.
    expect(refused.row).toMatchObject({ agentUserId: owner.id, direction: 'OUTBOUND' })
  })

  it('an identity that is not a member of this organization gets nothing dialled and no log row', async () => {
    const { twiml, row } = await connect('client:someone-else', { To: '+14155550177' })
    expect(twiml).toBe(said('This softphone does not belong to a member of the organization.'))
    expect(row).toBeNull()
  })

  it('an internal call rings an available colleague’s softphone, and not one who is offline', async () => {
    const offline = await connect(`client:${owner.softphoneIdentity}`, { To: `client:${colleague.softphoneIdentity}` })
    expect(offline.twiml).toBe(said('Bea is not available right now.'))
    await prisma.user.update({ where: { id: colleague.id }, data: { availability: 'AVAILABLE' } })
    const ownerName = (await prisma.user.findUniqueOrThrow({ where: { id: owner.id } })).name
    const available = await connect(`client:${owner.softphoneIdentity}`, { To: `client:${colleague.softphoneIdentity}` })
    expect(available.twiml).toBe(`<?xml version="1.0" encoding="UTF-8"?><Response><Dial answerOnBridge="true" timeout="30"><Client ${legStatus()}><Identity>${colleague.softphoneIdentity}</Identity><Parameter name="calledNumber" value=""/><Parameter name="callerNumber" value="${ownerName}"/></Client></Dial></Response>`)
    expect((await connect(`client:${owner.softphoneIdentity}`, { To: `client:${owner.softphoneIdentity}` })).twiml).toBe(said('You cannot call your own softphone.'))
  })
})
