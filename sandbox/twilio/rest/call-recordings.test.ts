import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeWav } from '../audio/wav'
import { tone } from '../audio/tones'
import type { ManualClock } from '../clock'
import { twiml, type TwimlApp } from '../engine/testing/twiml-app'
import type { TwilioSandbox } from '../index'
import { startManualSandbox } from './testing/manual-sandbox'
import { basicAuth, newSubaccount } from './testing/clients'

// The Call Recordings API (https://www.twilio.com/docs/voice/api/recording): start a recording
// of a live call, pause, resume and stop it, its status callbacks, its media and its deletion,
// through the real `twilio` library on a manual clock.

// Every property twilio_api_v2010.json gives the two representations (twilio/twilio-oai).
const RECORDING_PROPERTIES = ['account_sid', 'api_version', 'call_sid', 'conference_sid', 'date_created', 'date_updated', 'start_time', 'duration', 'sid', 'price', 'price_unit', 'status', 'channels', 'source', 'error_code', 'uri', 'encryption_details', 'subresource_uris', 'media_url']
const CALL_RECORDING_PROPERTIES = ['account_sid', 'api_version', 'call_sid', 'conference_sid', 'date_created', 'date_updated', 'start_time', 'duration', 'sid', 'price', 'uri', 'encryption_details', 'price_unit', 'status', 'channels', 'source', 'error_code', 'track']

let sandbox: TwilioSandbox
let clock: ManualClock
let app: TwimlApp
let close: () => Promise<void>

beforeAll(async () => {
  ;({ sandbox, clock, app, close } = await startManualSandbox(() => twiml('<Pause length="600"/>')))
})
afterAll(() => close())

/** A subaccount with an answered outbound call that waits in silence. */
async function liveCall(name: string) {
  const { account, client } = await newSubaccount(sandbox, name)
  const from = await client.incomingPhoneNumbers.create({ areaCode: '206' })
  const call = await client.calls.create({ to: '+14155550123', from: from.phoneNumber, url: app.url('/voice') })
  await clock.advance(5_000)
  expect((await client.calls(call.sid).fetch()).status).toBe('in-progress')
  return { account, client, callSid: call.sid }
}

const raw = (url: string, account: { sid: string; authToken: string }) => fetch(url, { headers: basicAuth(account.sid, account.authToken) })

describe('the Call Recordings API', () => {
  it('records a live call in two channels, pauses (skip), resumes and stops it, then processes and announces it', async () => {
    const { account, client, callSid } = await liveCall('call-recordings')
    const started = await client.calls(callSid).recordings.create({ recordingChannels: 'dual', recordingStatusCallback: app.url('/recording'), recordingStatusCallbackEvent: ['in-progress', 'completed', 'absent'] })
    expect(started).toMatchObject({ callSid, status: 'in-progress', channels: 2, source: 'StartCallRecording', track: 'both', duration: '-1', price: null, errorCode: null })
    const callPath = `${sandbox.baseUrl}/2010-04-01/Accounts/${account.sid}/Calls/${callSid}/Recordings/${started.sid}.json`
    expect(Object.keys(await (await raw(callPath, account)).json()).sort()).toEqual([...CALL_RECORDING_PROPERTIES].sort())
    expect((await app.waitForRequest('/recording')).params).toMatchObject({ RecordingSid: started.sid, RecordingStatus: 'in-progress', CallSid: callSid })

    const phone = sandbox.engine.phone(callSid)!
    phone.speak(tone(440, 2000))
    await clock.advance(2_000)
    expect(await client.calls(callSid).recordings(started.sid).update({ status: 'paused', pauseBehavior: 'skip' })).toMatchObject({ status: 'paused' })
    await clock.advance(3_000)
    expect(await client.calls(callSid).recordings('Twilio.CURRENT').update({ status: 'in-progress' })).toMatchObject({ sid: started.sid, status: 'in-progress' })
    await clock.advance(1_000)
    expect(await client.calls(callSid).recordings('Twilio.CURRENT').update({ status: 'stopped' })).toMatchObject({ status: 'stopped' })
    await clock.advance(2_000)

    const completed = (await app.waitForRequest('/recording', 2)).params
    expect(completed).toMatchObject({ RecordingSid: started.sid, RecordingStatus: 'completed', RecordingChannels: '2', RecordingSource: 'StartCallRecording', RecordingDuration: '3', ErrorCode: '0' })
    const recording = await client.recordings(started.sid).fetch()
    expect(recording).toMatchObject({ status: 'completed', duration: '3', channels: 2, price: '-0.00250' })
    const representation = await (await raw(`${sandbox.baseUrl}/2010-04-01/Accounts/${account.sid}/Recordings/${started.sid}.json`, account)).json()
    expect(Object.keys(representation).sort()).toEqual([...RECORDING_PROPERTIES].sort())

    // The media is a real dual-channel WAV: the caller's tone on channel 1, silence on channel 2.
    const media = await raw(representation.media_url, account)
    expect(media.headers.get('content-type')).toBe('audio/x-wav')
    const wav = decodeWav(Buffer.from(await media.arrayBuffer()))
    expect(wav.channels).toHaveLength(2)
    expect(wav.channels[0]!.length).toBe(3 * 8000)
    expect(Math.max(...wav.channels[0]!.subarray(0, 8000))).toBeGreaterThan(5000)
    expect(Math.max(...wav.channels[1]!)).toBe(0)
    expect((await fetch(representation.media_url)).status).toBe(401)
    expect((await raw(`${representation.media_url}.mp3`, account)).headers.get('content-type')).toBe('audio/mpeg')
  })

  it('keeps a silenced pause as silence, and stops recording when the call ends', async () => {
    const { account, client, callSid } = await liveCall('call-recordings-silence')
    const started = await client.calls(callSid).recordings.create({})
    expect(started.channels).toBe(1)
    await clock.advance(1_000)
    await client.calls(callSid).recordings(started.sid).update({ status: 'paused' })
    await clock.advance(2_000)
    await client.calls(callSid).update({ status: 'completed' })
    await clock.advance(2_000)
    expect(await client.recordings(started.sid).fetch()).toMatchObject({ status: 'completed', duration: '3', channels: 1 })
    const wav = decodeWav(Buffer.from(await (await raw(`${sandbox.baseUrl}/2010-04-01/Accounts/${account.sid}/Recordings/${started.sid}.wav`, account)).arrayBuffer()))
    expect(wav.channels[0]!.length).toBe(3 * 8000)
  })

  it('refuses a call that is not in progress and an update of a finished recording; reports a failed recording as absent with its ErrorCode', async () => {
    const { client, callSid } = await liveCall('call-recordings-faults')
    sandbox.engine.failNextRecording(13617)
    const started = await client.calls(callSid).recordings.create({ recordingStatusCallback: app.url('/failed'), recordingStatusCallbackEvent: ['absent'] })
    await clock.advance(2_000)
    await client.calls(callSid).update({ status: 'completed' })
    await clock.advance(2_000)
    expect((await app.waitForRequest('/failed')).params).toMatchObject({ RecordingSid: started.sid, RecordingStatus: 'absent', ErrorCode: '13617' })
    expect(await client.recordings(started.sid).fetch()).toMatchObject({ status: 'absent', errorCode: 13617, price: null })

    await expect(client.calls(callSid).recordings.create({})).rejects.toMatchObject({ status: 400, code: 21220 })
    await expect(client.calls(callSid).recordings(started.sid).update({ status: 'paused' })).rejects.toMatchObject({ status: 400, code: 21220 })
    await expect(client.calls(callSid).recordings(started.sid).update({ status: 'bogus' as 'paused' })).rejects.toMatchObject({ status: 400, code: 20001 })

    expect(await client.calls(callSid).recordings(started.sid).remove()).toBe(true)
    await expect(client.recordings(started.sid).fetch()).rejects.toMatchObject({ status: 404, code: 20404 })
  })
})
