import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toneLevel } from '../audio/analysis'
import type { ManualClock } from '../clock'
import { twiml, type TwimlApp } from '../engine/testing/twiml-app'
import type { TwilioSandbox } from '../index'
import { startManualSandbox } from './testing/manual-sandbox'
import { newSubaccount } from './testing/clients'

// Conferences and Participants through the real `twilio` client, run by the call engine on a
// manual clock (the warm-transfer scenario has its own file).

let sandbox: TwilioSandbox
let clock: ManualClock
let app: TwimlApp
let close: () => Promise<void>

beforeAll(async () => {
  ;({ sandbox, clock, app, close } = await startManualSandbox(({ path }) => {
    if (path === '/all-hands') return twiml('<Dial action="/after-conference"><Conference>all-hands</Conference></Dial>')
    if (path === '/kicked') return twiml('<Dial action="/after-kick"><Conference>kick-room</Conference></Dial>')
    if (path === '/announce') return twiml('<Play digits="9"/>')
    return twiml('')
  }))
})
afterAll(() => close())

async function tenant(name: string, voicePath = '/all-hands') {
  const { account, client } = await newSubaccount(sandbox, name)
  const number = await client.incomingPhoneNumbers.create({ areaCode: '646', voiceUrl: app.url(voicePath) })
  return { account, client, number }
}

describe('conference participants', () => {
  it('a participant who never answers is listed while ringing, then leaves the conference it opened, which ends', async () => {
    const { client, number } = await tenant('no answer')
    sandbox.engine.outsideNumbers.set('+14155550401', { behavior: 'ring-out' })
    const participant = await client.conferences('lonely').participants.create({
      from: number.phoneNumber,
      to: '+14155550401',
      timeout: 10,
      statusCallback: app.url('/call-status'),
      statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
    })
    expect(participant.status).toBe('queued')
    await clock.advance(1_000)
    const conference = client.conferences(participant.conferenceSid)
    expect((await conference.participants(participant.callSid).fetch()).status).toBe('ringing')
    expect((await conference.fetch()).status).toBe('init')
    await clock.advance(10_000)
    await expect(conference.participants(participant.callSid).fetch()).rejects.toMatchObject({ status: 404, code: 20404 })
    expect(await conference.fetch()).toMatchObject({ status: 'completed', reasonConferenceEnded: 'last-participant-left' })
    expect(app.requestsTo('/call-status').filter((r) => r.params.CallSid === participant.callSid).map((r) => r.params.CallStatus)).toEqual(['initiated', 'ringing', 'no-answer'])
  })

  it('Status=completed ends the conference: a TwiML participant goes on after its Dial, a dialled one hangs up; AnnounceUrl reaches everyone', async () => {
    const { client, number } = await tenant('end via api')
    const call = sandbox.engine.placeInboundCall({ from: '+14155550402', to: number.phoneNumber })
    await clock.advance(500)
    const added = await client.conferences('all-hands').participants.create({ from: number.phoneNumber, to: '+14155550403', muted: true })
    await clock.advance(3_000)
    const conference = client.conferences(added.conferenceSid)
    expect((await conference.participants.list({ muted: true })).map((p) => p.callSid)).toEqual([added.callSid])

    const announcedAt = clock.now()
    await conference.update({ announceUrl: app.url('/announce') })
    await clock.advance(1_000)
    expect(app.requestsTo('/announce')).toHaveLength(1)
    for (const sid of [call.sid, added.callSid]) expect(toneLevel(sandbox.engine.phone(sid)!.heard.window(announcedAt, announcedAt + 100), 1477)).toBeGreaterThan(0.05)

    const ended = await conference.update({ status: 'completed' })
    expect(ended).toMatchObject({ status: 'completed', reasonConferenceEnded: 'conference-ended-via-api', callSidEndingConference: null })
    await clock.advance(500)
    expect((await app.waitForRequest('/after-conference')).params).toMatchObject({ CallSid: call.sid, DialCallStatus: 'answered', DialBridged: 'true' })
    expect(sandbox.store.calls.get(added.callSid)?.status).toBe('completed')
    expect(await conference.participants.list()).toEqual([])
    // The name opens a new conference now.
    const next = await client.conferences('all-hands').participants.create({ from: number.phoneNumber, to: '+14155550404' })
    expect(next.conferenceSid).not.toBe(added.conferenceSid)
    await client.conferences(next.conferenceSid).update({ status: 'completed' })
  })

  it('removing a TwiML participant sends its call on after the <Dial>', async () => {
    const { client, number } = await tenant('kick', '/kicked')
    const first = sandbox.engine.placeInboundCall({ from: '+14155550405', to: number.phoneNumber })
    const second = sandbox.engine.placeInboundCall({ from: '+14155550406', to: number.phoneNumber })
    await clock.advance(500)
    const [conference] = await client.conferences.list({ friendlyName: 'kick-room', status: 'in-progress' })
    expect((await client.conferences(conference!.sid).participants.list()).length).toBe(2)
    await client.conferences(conference!.sid).participants(first.sid).remove()
    await clock.advance(500)
    expect((await app.waitForRequest('/after-kick')).params).toMatchObject({ CallSid: first.sid, DialCallStatus: 'answered', DialBridged: 'true' })
    // The last one kicked ends the conference.
    await client.conferences(conference!.sid).participants(second.sid).remove()
    await clock.advance(500)
    expect(await client.conferences(conference!.sid).fetch()).toMatchObject({ status: 'completed', reasonConferenceEnded: 'last-participant-kicked', callSidEndingConference: second.sid })
  })

  it('lists conferences by FriendlyName, Status and DateCreated', async () => {
    const { client, number } = await tenant('filters')
    const a = await client.conferences('room-a').participants.create({ from: number.phoneNumber, to: '+14155550407' })
    await clock.advance(1_000)
    const b = await client.conferences('room-b').participants.create({ from: number.phoneNumber, to: '+14155550408' })
    await client.conferences(b.conferenceSid).update({ status: 'completed' })
    const day = new Date(clock.now())
    expect((await client.conferences.list()).map((c) => c.sid)).toEqual([b.conferenceSid, a.conferenceSid])
    expect((await client.conferences.list({ friendlyName: 'room-a' })).map((c) => c.sid)).toEqual([a.conferenceSid])
    expect((await client.conferences.list({ status: 'completed' })).map((c) => c.sid)).toEqual([b.conferenceSid])
    expect(await client.conferences.list({ dateCreated: day })).toHaveLength(2)
    expect(await client.conferences.list({ dateCreatedAfter: new Date(day.getTime() + 86_400_000) })).toEqual([])
    expect(await client.conferences.list({ dateCreatedBefore: day })).toHaveLength(2)
    await client.conferences(a.conferenceSid).update({ status: 'completed' })
  })

  it('answers Twilio’s errors', async () => {
    const { client, number } = await tenant('errors')
    const missing = `CF${'0'.repeat(32)}`
    await expect(client.conferences(missing).fetch()).rejects.toMatchObject({ status: 404, code: 20404 })
    await expect(client.conferences(missing).participants.list()).rejects.toMatchObject({ status: 404, code: 20404 })
    await expect(client.conferences(missing).participants.create({ from: number.phoneNumber, to: '+14155550409' })).rejects.toMatchObject({ status: 404, code: 20404 })
    await expect(client.conferences('x').participants.create({ from: number.phoneNumber, to: '' })).rejects.toMatchObject({ status: 400, code: 21201 })
    await expect(client.conferences('x').participants.create({ from: '+12065550100', to: '+14155550409' })).rejects.toMatchObject({ status: 400, code: 21210 })
    await expect(client.conferences('x').participants.create({ from: number.phoneNumber, to: '+14155550409', beep: 'loud' })).rejects.toMatchObject({ status: 400, code: 20001 })
    await expect(client.conferences('x').participants.create({ from: number.phoneNumber, to: '+14155550409', timeout: 3 })).rejects.toMatchObject({ status: 400, code: 20001 })
    await expect(client.conferences('x').participants.create({ from: number.phoneNumber, to: '+14155550409', maxParticipants: 300 })).rejects.toMatchObject({ status: 400, code: 20001 })
    expect(await client.conferences.list()).toEqual([])

    const created = await client.conferences('x').participants.create({ from: number.phoneNumber, to: '+14155550409' })
    await expect(client.conferences(created.conferenceSid).participants('nobody').fetch()).rejects.toMatchObject({ status: 404, code: 20404 })
    await client.conferences(created.conferenceSid).update({ status: 'completed' })
    await expect(client.conferences(created.conferenceSid).update({ status: 'completed' })).rejects.toMatchObject({ status: 400, code: 20001 })
    const other = await newSubaccount(sandbox, 'errors other')
    await expect(other.client.conferences(created.conferenceSid).fetch()).rejects.toMatchObject({ status: 404 })
  })
})
