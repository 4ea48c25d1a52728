import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ManualClock } from '../clock'
import { twiml, type TwimlApp } from '../engine/testing/twiml-app'
import type { TwilioSandbox } from '../index'
import { startManualSandbox } from './testing/manual-sandbox'
import { basicAuth, newSubaccount } from './testing/clients'

// Calls, recordings, notifications and queues through the REST API, run by the real call engine
// on a manual clock: ring times, pauses and waits pass without sleeping.

let sandbox: TwilioSandbox
let clock: ManualClock
let app: TwimlApp
let close: () => Promise<void>

beforeAll(async () => {
  ;({ sandbox, clock, app, close } = await startManualSandbox(({ path }) => {
    if (path === '/voice') return twiml('<Say>Hello from the test.</Say><Pause length="2"/><Hangup/>')
    if (path === '/broken') return { status: 500, body: 'boom' }
    if (path === '/bad-verb') return twiml('<Dance/>')
    if (path === '/hold') return twiml('<Enqueue>support</Enqueue>')
    if (path === '/agent') return twiml('<Say>An agent is here.</Say><Hangup/>')
    if (path === '/long') return twiml('<Pause length="600"/>')
    return twiml('')
  }))
})
afterAll(() => close())

const statusOf = (callSid: string) => app.requestsTo('/status').find((r) => r.params.CallSid === callSid && r.params.CallStatus !== 'ringing')?.params.CallStatus

describe('calls', () => {
  it('places an outbound call that fetches TwiML, is recorded in two channels, and reports completion', async () => {
    const { account, client } = await newSubaccount(sandbox, 'calls')
    const from = await client.incomingPhoneNumbers.create({ areaCode: '206' })
    const call = await client.calls.create({ to: '+14155550111', from: from.phoneNumber, url: app.url('/voice'), statusCallback: app.url('/status'), record: true, recordingChannels: 'dual' })
    expect(call.sid).toMatch(/^CA[0-9a-f]{32}$/)
    expect(call).toMatchObject({ status: 'queued', direction: 'outbound-api', from: from.phoneNumber, to: '+14155550111', accountSid: account.sid })
    expect(call).toMatchObject({ phoneNumberSid: from.sid, fromFormatted: from.friendlyName, toFormatted: '(415) 555-0111' })

    await clock.advance(30_000)
    expect(statusOf(call.sid)).toBe('completed')
    const voice = app.requestsTo('/voice').find((r) => r.params.CallSid === call.sid)!
    expect(voice.params).toMatchObject({ AccountSid: account.sid, Direction: 'outbound-api', From: from.phoneNumber, To: '+14155550111' })
    const fetched = await client.calls(call.sid).fetch()
    expect(fetched.status).toBe('completed')
    expect(Number(fetched.duration)).toBeGreaterThanOrEqual(2)
    expect(fetched.startTime).toBeInstanceOf(Date)
    expect((await client.calls.list({ to: '+14155550111', status: 'completed' })).map((c) => c.sid)).toEqual([call.sid])
    expect(await client.calls.list({ from: '+19995550000' })).toEqual([])

    const [recording] = await client.calls(call.sid).recordings.list()
    expect(recording).toMatchObject({ callSid: call.sid, channels: 2, status: 'completed', source: 'OutboundAPI' })
    const mediaUrl = `${sandbox.baseUrl}/2010-04-01/Accounts/${account.sid}/Recordings/${recording!.sid}`
    const raw = await (await fetch(`${mediaUrl}.json`, { headers: basicAuth(account.sid, account.authToken) })).json()
    expect(raw.media_url).toBe(mediaUrl)
    expect((await client.recordings.list({ callSid: call.sid })).map((r) => r.sid)).toEqual([recording!.sid])
  })

  it('downloads recordings as WAV and MP3 with the account’s credentials only', async () => {
    const { account, client } = await newSubaccount(sandbox, 'media')
    const other = await newSubaccount(sandbox, 'media other')
    const from = await client.incomingPhoneNumbers.create({ areaCode: '512' })
    const call = await client.calls.create({ to: '+14155550112', from: from.phoneNumber, url: app.url('/voice'), record: true })
    await clock.advance(30_000)
    const [recording] = await client.recordings.list()
    const mediaUrl = `${sandbox.baseUrl}/2010-04-01/Accounts/${account.sid}/Recordings/${recording!.sid}`
    const auth = basicAuth(account.sid, account.authToken)

    expect((await fetch(`${mediaUrl}.wav`)).status).toBe(401)
    expect((await fetch(`${mediaUrl}.wav`, { headers: basicAuth(other.account.sid, other.account.authToken) })).status).toBe(401)
    const wavResponse = await fetch(`${mediaUrl}.wav`, { headers: auth })
    expect(wavResponse.headers.get('content-type')).toBe('audio/x-wav')
    const wav = Buffer.from(await wavResponse.arrayBuffer())
    expect([wav.toString('ascii', 0, 4), wav.toString('ascii', 8, 12)]).toEqual(['RIFF', 'WAVE'])
    expect({ channels: wav.readUInt16LE(22), rate: wav.readUInt32LE(24), bits: wav.readUInt16LE(34) }).toEqual({ channels: 1, rate: 8000, bits: 16 })
    // The WAV holds the whole recorded call: 16-bit samples at 8 kHz for its duration.
    expect(Math.round(wav.readUInt32LE(40) / 16000)).toBe(Number(recording!.duration))
    expect(Buffer.from(await (await fetch(mediaUrl, { headers: auth })).arrayBuffer()).equals(wav)).toBe(true)

    const mp3Response = await fetch(`${mediaUrl}.mp3`, { headers: auth })
    expect(mp3Response.headers.get('content-type')).toBe('audio/mpeg')
    const mp3 = Buffer.from(await mp3Response.arrayBuffer())
    // An MPEG audio frame header starts with 11 set sync bits.
    expect([mp3[0], mp3[1]! & 0xe0]).toEqual([0xff, 0xe0])
    expect(mp3.length).toBeLessThan(wav.length)

    expect((await fetch(`${mediaUrl}.ogg`, { headers: auth })).status).toBe(404)
    expect(await client.recordings(recording!.sid).remove()).toBe(true)
    await expect(client.recordings(recording!.sid).fetch()).rejects.toMatchObject({ status: 404, code: 20404 })
    expect((await fetch(`${mediaUrl}.wav`, { headers: auth })).status).toBe(404)
    expect(call.sid).toMatch(/^CA/)
  })

  it('validates To and From, and lets the engine reject numbers the account does not own', async () => {
    const { client } = await newSubaccount(sandbox, 'call errors')
    const from = await client.incomingPhoneNumbers.create({ areaCode: '305' })
    await expect(client.calls.create({ to: '', from: from.phoneNumber, url: app.url('/voice') })).rejects.toMatchObject({ status: 400, code: 21201 })
    await expect(client.calls.create({ to: '+14155550113', from: '', url: app.url('/voice') })).rejects.toMatchObject({ status: 400, code: 21213 })
    await expect(client.calls.create({ to: '+14155550113', from: '+12065550199', url: app.url('/voice') })).rejects.toMatchObject({ status: 400, code: 21210 })
    await expect(client.calls.create({ to: 'not a number', from: from.phoneNumber, url: app.url('/voice') })).rejects.toMatchObject({ status: 400, code: 21211 })
    await expect(client.calls.create({ to: '+14155550113', from: from.phoneNumber, applicationSid: `AP${'0'.repeat(32)}` })).rejects.toMatchObject({ status: 400, code: 21218 })
    await expect(client.calls.create({ to: '+14155550113', from: from.phoneNumber, url: app.url('/voice'), timeout: 'soon' as never })).rejects.toMatchObject({ status: 400, code: 20001 })
  })

  it('redirects, ends and deletes a live call through Calls update', async () => {
    const { client } = await newSubaccount(sandbox, 'call update')
    const from = await client.incomingPhoneNumbers.create({ areaCode: '617' })
    const call = await client.calls.create({ to: '+14155550114', from: from.phoneNumber, url: app.url('/long'), statusCallback: app.url('/status') })
    await clock.advance(5_000)
    expect((await client.calls(call.sid).fetch()).status).toBe('in-progress')
    await expect(client.calls(call.sid).remove()).rejects.toMatchObject({ status: 400, code: 21220 })
    await expect(client.calls(call.sid).update({ status: 'busy' as never })).rejects.toMatchObject({ status: 400, code: 20001 })

    await client.calls(call.sid).update({ url: app.url('/agent') })
    await clock.advance(10_000)
    expect(app.requestsTo('/agent').some((r) => r.params.CallSid === call.sid)).toBe(true)
    expect(statusOf(call.sid)).toBe('completed')
    await expect(client.calls(call.sid).update({ url: app.url('/agent') })).rejects.toMatchObject({ status: 400, code: 21220 })
    expect(await client.calls(call.sid).remove()).toBe(true)
    await expect(client.calls(call.sid).fetch()).rejects.toMatchObject({ status: 404 })
  })

  it('records TwiML failures as the call’s notifications, as Twilio’s debugger does', async () => {
    const { client } = await newSubaccount(sandbox, 'notifications')
    const from = await client.incomingPhoneNumbers.create({ areaCode: '212' })
    const broken = await client.calls.create({ to: '+14155550123', from: from.phoneNumber, url: app.url('/broken') })
    const badVerb = await client.calls.create({ to: '+14155550124', from: from.phoneNumber, url: app.url('/bad-verb') })
    await clock.advance(30_000)
    const [error] = await client.calls(broken.sid).notifications.list()
    expect(error).toMatchObject({ callSid: broken.sid, errorCode: '11200', log: '0', requestUrl: app.url('/broken'), moreInfo: 'https://www.twilio.com/docs/errors/11200' })
    const warnings = await client.calls(badVerb.sid).notifications.list()
    expect(warnings.map((n) => [n.errorCode, n.log])).toContainEqual(['12200', '1'])
    expect((await client.notifications.list()).map((n) => n.callSid).sort()).toEqual([broken.sid, badVerb.sid].sort())
  })
})

describe('queues', () => {
  it('creates, updates and deletes queues with Twilio’s limits', async () => {
    const { client } = await newSubaccount(sandbox, 'queue crud')
    const queue = await client.queues.create({ friendlyName: 'support', maxSize: 10 })
    expect(queue.sid).toMatch(/^QU[0-9a-f]{32}$/)
    expect(queue).toMatchObject({ currentSize: 0, averageWaitTime: 0, maxSize: 10, friendlyName: 'support' })
    expect((await client.queues.create({ friendlyName: 'sales' })).maxSize).toBe(100)
    await expect(client.queues.create({ friendlyName: 'support' })).rejects.toMatchObject({ status: 400 })
    await expect(client.queues.create({ friendlyName: 'big', maxSize: 5001 })).rejects.toMatchObject({ status: 400, code: 20001 })
    expect((await client.queues(queue.sid).update({ maxSize: 20 })).maxSize).toBe(20)
    expect((await client.queues.list()).map((q) => q.friendlyName).sort()).toEqual(['sales', 'support'])
    expect(await client.queues(queue.sid).members.list()).toEqual([])
    await expect(client.queues(queue.sid).members('Front').fetch()).rejects.toMatchObject({ status: 404, code: 20404 })
    expect(await client.queues(queue.sid).remove()).toBe(true)
    await expect(client.queues(queue.sid).fetch()).rejects.toMatchObject({ status: 404 })
  })

  it('lists waiting callers with their wait, and dequeues the front one to a URL', async () => {
    const { client } = await newSubaccount(sandbox, 'queue members')
    const queue = await client.queues.create({ friendlyName: 'support' })
    const number = await client.incomingPhoneNumbers.create({ areaCode: '646', voiceUrl: app.url('/hold') })
    const first = sandbox.engine.placeInboundCall({ from: '+14155550131', to: number.phoneNumber })
    await clock.advance(10_000)
    const second = sandbox.engine.placeInboundCall({ from: '+14155550132', to: number.phoneNumber })
    await clock.advance(20_000)

    expect((await client.calls(first.sid).fetch()).phoneNumberSid).toBe(number.sid)
    const members = await client.queues(queue.sid).members.list()
    expect(members.map((m) => [m.callSid, m.position, m.waitTime])).toEqual([
      [first.sid, 1, 30],
      [second.sid, 2, 20],
    ])
    expect(await client.queues(queue.sid).fetch()).toMatchObject({ currentSize: 2, averageWaitTime: 25 })
    expect((await client.queues(queue.sid).members(second.sid).fetch()).position).toBe(2)
    expect((await client.queues(queue.sid).members('Front').fetch()).callSid).toBe(first.sid)

    const dequeued = await client.queues(queue.sid).members('Front').update({ url: app.url('/agent'), method: 'POST' })
    expect(dequeued.callSid).toBe(first.sid)
    await clock.advance(5_000)
    expect(app.requestsTo('/agent').some((r) => r.params.CallSid === first.sid)).toBe(true)
    expect((await client.queues(queue.sid).members.list()).map((m) => [m.callSid, m.position])).toEqual([[second.sid, 1]])
    await expect(client.queues(queue.sid).members(first.sid).update({ url: app.url('/agent') })).rejects.toMatchObject({ status: 404 })
  })
})
