import twilio from 'twilio'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toneLevel } from '../audio/analysis'
import { tone } from '../audio/tones'
import type { ManualClock } from '../clock'
import { twiml, type TwimlApp } from '../engine/testing/twiml-app'
import type { TwilioSandbox } from '../index'
import { startManualSandbox } from './testing/manual-sandbox'
import { newSubaccount } from './testing/clients'

// The warm transfer the app builds on (issue #12): the caller waits in a conference, agent A is
// dialled in through the Participants API, puts the caller on hold, dials agent B in, talks to
// B, takes the caller off hold and leaves — the caller and B stay together. Every party is a
// simulated phone on a manual clock; what each heard is read back from its `heard` track.

let sandbox: TwilioSandbox
let clock: ManualClock
let app: TwimlApp
let close: () => Promise<void>

beforeAll(async () => {
  ;({ sandbox, clock, app, close } = await startManualSandbox(({ path }) => {
    if (path === '/inbound') return twiml(`<Dial><Conference endConferenceOnExit="true" statusCallback="/conference-events" statusCallbackEvent="start end join leave hold">support-1</Conference></Dial>`)
    return twiml('')
  }))
})
afterAll(() => close())

// Each party speaks its own tone; the default hold music has a 554 Hz note.
const CALLER_HZ = 700
const AGENT_A_HZ = 1200
const AGENT_B_HZ = 1500
const HOLD_MUSIC_HZ = 554

describe('warm transfer through a conference', () => {
  it('holds the caller (who hears music and no agent), lets A and B talk, and leaves the caller with B', async () => {
    const { account, client } = await newSubaccount(sandbox, 'warm transfer')
    const number = await client.incomingPhoneNumbers.create({ areaCode: '415', voiceUrl: app.url('/inbound') })
    const [agentA, agentB] = ['+14155550301', '+14155550302']
    sandbox.engine.outsideNumbers.set(agentA, { behavior: 'answer', ringSeconds: 3 })
    sandbox.engine.outsideNumbers.set(agentB, { behavior: 'answer', ringSeconds: 4 })

    const callerCall = sandbox.engine.placeInboundCall({ from: '+14155550201', to: number.phoneNumber })
    const caller = sandbox.engine.phone(callerCall.sid)!
    await clock.advance(1_000)
    const [waiting] = await client.conferences.list({ friendlyName: 'support-1', status: 'init' })
    expect(waiting).toMatchObject({ status: 'init', friendlyName: 'support-1', accountSid: account.sid })
    expect(waiting!.sid).toMatch(/^CF[0-9a-f]{32}$/)

    // Agent A is dialled into the conference by its name, from the business number.
    const added = await client.conferences('support-1').participants.create({ from: number.phoneNumber, to: agentA, label: 'agent-a', earlyMedia: true })
    expect(added).toMatchObject({ conferenceSid: waiting!.sid, label: 'agent-a', status: 'queued', hold: false, muted: false })
    await clock.advance(4_000)
    const conference = client.conferences(waiting!.sid)
    expect((await conference.fetch()).status).toBe('in-progress')
    const a = sandbox.engine.phone(added.callSid)!
    expect((await conference.participants('agent-a').fetch())).toMatchObject({ callSid: added.callSid, status: 'connected' })

    // Caller and A hear each other.
    const talk = await exchange([caller, CALLER_HZ], [a, AGENT_A_HZ])
    expect(heard(a, talk, CALLER_HZ)).toBeGreaterThan(0.2)
    expect(heard(caller, talk, AGENT_A_HZ)).toBeGreaterThan(0.2)

    // A holds the caller: music for the caller, who is no longer heard.
    const held = await conference.participants(callerCall.sid).update({ hold: true })
    expect(held.hold).toBe(true)
    expect((await conference.participants.list({ hold: true })).map((p) => p.callSid)).toEqual([callerCall.sid])
    const b = await client.conferences(waiting!.sid).participants.create({ from: number.phoneNumber, to: agentB, label: 'agent-b' })
    await clock.advance(5_000)
    const bPhone = sandbox.engine.phone(b.callSid)!
    const consult = await exchange([a, AGENT_A_HZ], [bPhone, AGENT_B_HZ], [caller, CALLER_HZ])
    expect(heard(bPhone, consult, AGENT_A_HZ)).toBeGreaterThan(0.2)
    expect(heard(a, consult, AGENT_B_HZ)).toBeGreaterThan(0.2)
    for (const agent of [a, bPhone]) expect(heard(agent, consult, CALLER_HZ)).toBeLessThan(0.01)
    expect(heard(caller, consult, AGENT_A_HZ)).toBeLessThan(0.01)
    expect(heard(caller, consult, AGENT_B_HZ)).toBeLessThan(0.01)
    expect(heard(caller, consult, HOLD_MUSIC_HZ)).toBeGreaterThan(0.02)

    // Back from hold, A leaves: the caller and B stay connected.
    await conference.participants(callerCall.sid).update({ hold: false })
    expect(await conference.participants('agent-a').remove()).toBe(true)
    await clock.advance(500)
    expect(sandbox.store.calls.get(added.callSid)?.status).toBe('completed')
    expect((await conference.participants.list()).map((p) => p.callSid).sort()).toEqual([callerCall.sid, b.callSid].sort())
    const handedOver = await exchange([caller, CALLER_HZ], [bPhone, AGENT_B_HZ])
    expect(heard(bPhone, handedOver, CALLER_HZ)).toBeGreaterThan(0.2)
    expect(heard(caller, handedOver, AGENT_B_HZ)).toBeGreaterThan(0.2)
    expect(heard(caller, handedOver, HOLD_MUSIC_HZ)).toBeLessThan(0.01)
    expect(heard(a, handedOver, CALLER_HZ)).toBe(0)

    // The caller hangs up: endConferenceOnExit ends the conference and B's call with it.
    caller.hangUp()
    await clock.advance(500)
    expect(await conference.fetch()).toMatchObject({ status: 'completed', reasonConferenceEnded: 'participant-with-end-conference-on-exit-left', callSidEndingConference: callerCall.sid })
    expect(sandbox.store.calls.get(b.callSid)?.status).toBe('completed')

    // The conference's callbacks (the caller's statusCallback, the first one set), signed, in order.
    const events = app.requestsTo('/conference-events')
    for (const event of events) {
      expect(twilio.validateRequest(account.authToken, event.headers['x-twilio-signature'] as string, event.url, event.params)).toBe(true)
      expect(event.params).toMatchObject({ ConferenceSid: waiting!.sid, FriendlyName: 'support-1', AccountSid: account.sid })
    }
    expect(events.map((e) => [e.params.StatusCallbackEvent, e.params.CallSid ?? null])).toEqual([
      ['participant-join', callerCall.sid],
      ['participant-join', added.callSid],
      ['conference-start', null],
      ['participant-hold', callerCall.sid],
      ['participant-join', b.callSid],
      ['participant-unhold', callerCall.sid],
      ['participant-leave', added.callSid],
      ['participant-leave', callerCall.sid],
      ['participant-leave', b.callSid],
      ['conference-end', null],
    ])
    expect(events.map((e) => Number(e.params.SequenceNumber))).toEqual(events.map((_, i) => i + 1))
    expect(events.find((e) => e.params.StatusCallbackEvent === 'participant-join' && e.params.CallSid === added.callSid)?.params).toMatchObject({ ParticipantLabel: 'agent-a', Muted: 'false', Hold: 'false', Coaching: 'false', EndConferenceOnExit: 'false', StartConferenceOnEnter: 'true' })
    expect(events.at(-1)?.params).toMatchObject({ ReasonConferenceEnded: 'participant-with-end-conference-on-exit-left', CallSidEndingConference: callerCall.sid })
  })
})

type Phone = NonNullable<ReturnType<TwilioSandbox['engine']['phone']>>

/** Every party says its tone for a second, together; returns the window they spoke in. */
async function exchange(...speakers: [Phone, number][]): Promise<{ fromMs: number; toMs: number }> {
  const fromMs = clock.now()
  for (const [phone, hz] of speakers) phone.speak(tone(hz, 1_000))
  await clock.advance(1_500)
  return { fromMs, toMs: fromMs + 1_000 }
}

function heard(phone: Phone, window: { fromMs: number; toMs: number }, hz: number): number {
  return toneLevel(phone.heard.window(window.fromMs, window.toMs), hz)
}
