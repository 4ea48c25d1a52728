import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTwilioSandbox, type TwilioSandbox } from '../index'
import published from './openapi/twilio-api-v2010-properties.json'
import { basicAuth, newSubaccount } from './testing/clients'

// Every representation the sandbox serves carries every property Twilio's OpenAPI description
// gives the resource (null where the sandbox has nothing to say), so code written against the
// sandbox meets no missing field on Twilio. The property lists are derived from
// twilio/twilio-oai spec/json/twilio_api_v2010.json (commit and derivation in the JSON's
// `source`); the answers are read raw over HTTP, as Twilio sends them, not through a client
// library that would fill gaps in. Recordings are audited with the recordings work; conferences
// and their participants here.

type Schema = keyof typeof published.schemas
const missing = (schema: Schema, representation: Record<string, unknown>) => published.schemas[schema].filter((property) => !(property in representation))

let sandbox: TwilioSandbox
beforeAll(async () => {
  sandbox = await startTwilioSandbox({ port: 0 })
})
afterAll(() => sandbox.close())

describe('the OpenAPI property audit', () => {
  let account: { sid: string; authToken: string }
  const api = async (method: 'GET' | 'POST', path: string, form?: Record<string, string>) => {
    const response = await fetch(`${sandbox.baseUrl}/2010-04-01/Accounts/${account.sid}${path}`, {
      method,
      headers: { ...basicAuth(account.sid, account.authToken), ...(form && { 'content-type': 'application/x-www-form-urlencoded' }) },
      body: form && new URLSearchParams(form),
    })
    expect(response.ok, `${method} ${path}: ${response.status}`).toBe(true)
    return (await response.json()) as Record<string, unknown> & Record<string, Record<string, unknown>[]>
  }

  beforeAll(async () => {
    ;({ account } = await newSubaccount(sandbox, 'openapi audit'))
  })

  it('Applications: created, fetched and listed, with the SMS settings kept and the rest null', async () => {
    const created = await api('POST', '/Applications.json', { FriendlyName: 'audit', VoiceUrl: 'https://example.com/voice', SmsUrl: 'https://example.com/sms', SmsMethod: 'get', MessageStatusCallback: 'https://example.com/message-status' })
    const fetched = await api('GET', `/Applications/${created.sid}.json`)
    const [listed] = (await api('GET', '/Applications.json')).applications!
    for (const representation of [created, fetched, listed!]) expect(missing('api.v2010.account.application', representation)).toEqual([])
    expect(fetched).toMatchObject({ sms_url: 'https://example.com/sms', sms_method: 'GET', sms_fallback_url: null, sms_fallback_method: 'POST', sms_status_callback: null, message_status_callback: 'https://example.com/message-status' })
    const updated = await api('POST', `/Applications/${created.sid}.json`, { SmsFallbackUrl: 'https://example.com/sms-fallback', SmsStatusCallback: 'https://example.com/sms-status' })
    expect(updated).toMatchObject({ sms_url: 'https://example.com/sms', sms_fallback_url: 'https://example.com/sms-fallback', sms_status_callback: 'https://example.com/sms-status' })
  })

  it('AvailablePhoneNumbers: the countries, and local and toll-free search results', async () => {
    const countries = (await api('GET', '/AvailablePhoneNumbers.json')).countries!
    for (const country of [...countries, await api('GET', '/AvailablePhoneNumbers/US.json')]) expect(missing('api.v2010.account.available_phone_number_country', country)).toEqual([])
    const local = (await api('GET', '/AvailablePhoneNumbers/US/Local.json?AreaCode=415')).available_phone_numbers!
    const tollFree = (await api('GET', '/AvailablePhoneNumbers/US/TollFree.json')).available_phone_numbers!
    expect(local.length).toBeGreaterThan(0)
    expect(tollFree.length).toBeGreaterThan(0)
    for (const number of local) expect(missing('api.v2010.account.available_phone_number_country.available_phone_number_local', number)).toEqual([])
    for (const number of tollFree) expect(missing('api.v2010.account.available_phone_number_country.available_phone_number_toll_free', number)).toEqual([])
  })

  it('IncomingPhoneNumbers: bought, fetched, updated and listed, with SMS, emergency, address and type fields', async () => {
    const app = await api('POST', '/Applications.json', { FriendlyName: 'sms app' })
    const bought = await api('POST', '/IncomingPhoneNumbers.json', { AreaCode: '415', SmsUrl: 'https://example.com/sms' })
    const [tollFreeNumber] = (await api('GET', '/AvailablePhoneNumbers/US/TollFree.json')).available_phone_numbers!
    const tollFree = await api('POST', '/IncomingPhoneNumbers.json', { PhoneNumber: String(tollFreeNumber!.phone_number) })
    const updated = await api('POST', `/IncomingPhoneNumbers/${bought.sid}.json`, { SmsApplicationSid: String(app.sid), SmsFallbackMethod: 'get' })
    const fetched = await api('GET', `/IncomingPhoneNumbers/${bought.sid}.json`)
    const listed = (await api('GET', '/IncomingPhoneNumbers.json')).incoming_phone_numbers!
    for (const representation of [bought, tollFree, updated, fetched, ...listed]) expect(missing('api.v2010.account.incoming_phone_number', representation)).toEqual([])
    expect(fetched).toMatchObject({ sms_url: 'https://example.com/sms', sms_method: 'POST', sms_fallback_method: 'GET', sms_application_sid: app.sid, address_sid: null, identity_sid: null, bundle_sid: null, emergency_address_sid: null, emergency_address_status: 'unregistered', type: 'local' })
    expect(tollFree.type).toBe('toll-free')
  })

  it('Calls: a call placed through the simulated-caller API, fetched and listed', async () => {
    const number = await api('POST', '/IncomingPhoneNumbers.json', { AreaCode: '617' })
    const placed = await fetch(`${sandbox.baseUrl}/sandbox/api/calls`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from: '+14155550149', to: number.phone_number }) })
    expect(placed.status).toBe(201)
    const { sid } = (await placed.json()) as { sid: string }
    const fetched = await api('GET', `/Calls/${sid}.json`)
    const listed = (await api('GET', '/Calls.json')).calls!
    expect(listed.map((call) => call.sid)).toContain(sid)
    for (const representation of [fetched, ...listed]) expect(missing('api.v2010.account.call', representation)).toEqual([])
    expect(fetched).toMatchObject({ group_sid: null, trunk_sid: null, forwarded_from: null })
  })

  it('Conferences and Participants: a participant dialled into a new conference, both fetched, listed and updated', async () => {
    const number = await api('POST', '/IncomingPhoneNumbers.json', { AreaCode: '212' })
    const created = await api('POST', '/Conferences/openapi%20audit/Participants.json', { From: String(number.phone_number), To: '+14155550150', Label: 'audited' })
    const conferenceSid = String(created.conference_sid)
    const fetched = await api('GET', `/Conferences/${conferenceSid}/Participants/audited.json`)
    const updated = await api('POST', `/Conferences/${conferenceSid}/Participants/${created.call_sid}.json`, { Muted: 'true' })
    const listed = (await api('GET', `/Conferences/${conferenceSid}/Participants.json`)).participants!
    for (const representation of [created, fetched, updated, ...listed]) expect(missing('api.v2010.account.conference.participant', representation)).toEqual([])
    expect(created).toMatchObject({ queue_time: '0', coaching: false, call_sid_to_coach: null, label: 'audited' })
    expect(fetched).toMatchObject({ queue_time: null, call_sid: created.call_sid })
    expect(updated.muted).toBe(true)

    const conference = await api('GET', `/Conferences/${conferenceSid}.json`)
    const [listedConference] = (await api('GET', '/Conferences.json?FriendlyName=openapi%20audit')).conferences!
    const ended = await api('POST', `/Conferences/${conferenceSid}.json`, { Status: 'completed' })
    for (const representation of [conference, listedConference!, ended]) expect(missing('api.v2010.account.conference', representation)).toEqual([])
    expect(conference).toMatchObject({ status: 'init', region: 'us1', reason_conference_ended: null, call_sid_ending_conference: null })
    expect(ended).toMatchObject({ status: 'completed', reason_conference_ended: 'conference-ended-via-api' })
  })
})
