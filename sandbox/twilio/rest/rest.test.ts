import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import twilio from 'twilio'
import { startTwilioSandbox, type TwilioSandbox } from '../index'

// The sandbox's REST API driven by the real `twilio` library (pointed at the sandbox through its
// own `api.baseUrl`; the app's client factory has its own test in lib/telephony) and by raw HTTP.

let sandbox: TwilioSandbox

type Credentials = { accountSid: string; authToken: string } | { accountSid: string; apiKeySid: string; apiKeySecret: string }
function createTwilioClient(credentials: Credentials) {
  const [username, password] = 'apiKeySid' in credentials ? [credentials.apiKeySid, credentials.apiKeySecret] : [credentials.accountSid, credentials.authToken]
  const client = twilio(username, password, { accountSid: credentials.accountSid })
  client.api.baseUrl = sandbox.baseUrl
  return client
}
const parent = () => createTwilioClient({ accountSid: sandbox.accountSid, authToken: sandbox.authToken })
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`

beforeAll(async () => {
  sandbox = await startTwilioSandbox({ port: 0, accountSid: `AC${'1'.repeat(32)}`, authToken: 'parent-token-0000000000000000000' })
})
afterAll(() => sandbox.close())

async function subaccount(name: string) {
  const account = await parent().api.v2010.accounts.create({ friendlyName: name })
  return { account, client: createTwilioClient({ accountSid: account.sid, authToken: account.authToken }) }
}

describe('accounts and credentials', () => {
  it('creates, fetches, lists and closes subaccounts', async () => {
    const { account } = await subaccount('HEKAX - Acme')
    expect(account.sid).toMatch(/^AC[0-9a-f]{32}$/)
    expect(account.ownerAccountSid).toBe(sandbox.accountSid)
    expect(account.status).toBe('active')
    expect(account.dateCreated).toBeInstanceOf(Date)
    const fetched = await parent().api.v2010.accounts(account.sid).fetch()
    expect(fetched.friendlyName).toBe('HEKAX - Acme')
    const listed = await parent().api.v2010.accounts.list({ friendlyName: 'HEKAX - Acme' })
    expect(listed.map((a) => a.sid)).toContain(account.sid)

    const closed = await parent().api.v2010.accounts(account.sid).update({ status: 'closed' })
    expect(closed.status).toBe('closed')
    const own = createTwilioClient({ accountSid: account.sid, authToken: account.authToken })
    await expect(own.api.v2010.accounts(account.sid).fetch()).rejects.toMatchObject({ status: 401, code: 20003 })
    await expect(parent().api.v2010.accounts(account.sid).update({ status: 'active' })).rejects.toMatchObject({ status: 400 })
  })

  it('answers bad credentials with 20003 and a Basic challenge', async () => {
    const wrong = createTwilioClient({ accountSid: sandbox.accountSid, authToken: 'nope' })
    await expect(wrong.api.v2010.accounts(sandbox.accountSid).fetch()).rejects.toMatchObject({ status: 401, code: 20003, moreInfo: 'https://www.twilio.com/docs/errors/20003' })
    const response = await fetch(`${sandbox.baseUrl}/2010-04-01/Accounts/${sandbox.accountSid}.json`)
    expect(response.status).toBe(401)
    expect(response.headers.get('www-authenticate')).toContain('Basic')
    expect(await response.json()).toEqual({ code: 20003, message: expect.any(String), more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 })
  })

  it('returns an API key secret once, and the key authenticates', async () => {
    const { account, client } = await subaccount('keys')
    const key = await client.newKeys.create({ friendlyName: 'Softphone' })
    expect(key.sid).toMatch(/^SK[0-9a-f]{32}$/)
    expect(key.secret).toHaveLength(32)
    const fetched = await fetch(`${sandbox.baseUrl}/2010-04-01/Accounts/${account.sid}/Keys/${key.sid}.json`, { headers: { authorization: basic(account.sid, account.authToken) } })
    expect(await fetched.json()).not.toHaveProperty('secret')
    const withKey = createTwilioClient({ accountSid: account.sid, apiKeySid: key.sid, apiKeySecret: key.secret })
    expect((await withKey.api.v2010.accounts(account.sid).fetch()).sid).toBe(account.sid)
    await client.keys(key.sid).remove()
    await expect(withKey.api.v2010.accounts(account.sid).fetch()).rejects.toMatchObject({ code: 20003 })
  })

  it('keeps subaccounts apart; the parent reaches its subaccounts', async () => {
    const a = await subaccount('tenant a')
    const b = await subaccount('tenant b')
    const bought = await a.client.incomingPhoneNumbers.create({ areaCode: '415' })
    await expect(b.client.api.v2010.accounts(a.account.sid).incomingPhoneNumbers(bought.sid).fetch()).rejects.toMatchObject({ status: 401, code: 20003 })
    await expect(b.client.incomingPhoneNumbers(bought.sid).fetch()).rejects.toMatchObject({ status: 404, code: 20404 })
    expect(await b.client.incomingPhoneNumbers.list()).toEqual([])
    expect((await parent().api.v2010.accounts(a.account.sid).incomingPhoneNumbers(bought.sid).fetch()).phoneNumber).toBe(bought.phoneNumber)
    await expect(a.client.api.v2010.accounts(sandbox.accountSid).fetch()).rejects.toMatchObject({ code: 20003 })
  })
})

describe('phone numbers', () => {
  it('searches a deterministic inventory by area code, pattern and region', async () => {
    const { client } = await subaccount('search')
    const first = await client.availablePhoneNumbers('US').local.list({ areaCode: 415, limit: 5 })
    const again = await client.availablePhoneNumbers('US').local.list({ areaCode: 415, limit: 5 })
    expect(first.map((n) => n.phoneNumber)).toEqual(again.map((n) => n.phoneNumber))
    expect(first).toHaveLength(5)
    expect(first.every((n) => n.phoneNumber.startsWith('+1415') && n.region === 'CA' && n.locality === 'San Francisco')).toBe(true)

    const wildcard = await client.availablePhoneNumbers('US').local.list({ contains: '512**', limit: 50 })
    expect(wildcard.length).toBeGreaterThan(0)
    expect(wildcard.every((n) => /512\d\d/.test(n.phoneNumber.slice(1)))).toBe(true)
    const inRegion = await client.availablePhoneNumbers('US').local.list({ inRegion: 'WA', limit: 50 })
    expect(new Set(inRegion.map((n) => n.region))).toEqual(new Set(['WA']))
    const tollFree = await client.availablePhoneNumbers('US').tollFree.list({ contains: '800', limit: 3 })
    expect(tollFree.every((n) => n.phoneNumber.startsWith('+1800'))).toBe(true)
  })

  it('buys, configures and releases a number; a bought number is no longer available', async () => {
    const { client } = await subaccount('buy')
    const [candidate] = await client.availablePhoneNumbers('US').local.list({ areaCode: 312, limit: 1 })
    const number = await client.incomingPhoneNumbers.create({ phoneNumber: candidate!.phoneNumber, voiceUrl: 'https://example.test/api/voice/incoming' })
    expect(number.sid).toMatch(/^PN[0-9a-f]{32}$/)
    expect(number.voiceUrl).toBe('https://example.test/api/voice/incoming')
    const search = await client.availablePhoneNumbers('US').local.list({ areaCode: 312, limit: 50 })
    expect(search.map((n) => n.phoneNumber)).not.toContain(candidate!.phoneNumber)

    const updated = await client.incomingPhoneNumbers(number.sid).update({ voiceFallbackUrl: 'https://example.test/api/voice/fallback', statusCallback: 'https://example.test/api/voice/status' })
    expect([updated.voiceFallbackUrl, updated.statusCallback]).toEqual(['https://example.test/api/voice/fallback', 'https://example.test/api/voice/status'])
    await expect(client.incomingPhoneNumbers.create({ phoneNumber: candidate!.phoneNumber })).rejects.toMatchObject({ status: 400, code: 21422 })
    await expect(client.incomingPhoneNumbers.create({ phoneNumber: '555-1234' })).rejects.toMatchObject({ status: 400, code: 21421 })

    await client.incomingPhoneNumbers(number.sid).remove()
    await expect(client.incomingPhoneNumbers(number.sid).fetch()).rejects.toMatchObject({ status: 404, code: 20404 })
    const after = await client.availablePhoneNumbers('US').local.list({ areaCode: 312, limit: 50 })
    expect(after.map((n) => n.phoneNumber)).toContain(candidate!.phoneNumber)
  })

  it('pages through lists the way the twilio library expects', async () => {
    const { client } = await subaccount('paging')
    for (let i = 0; i < 5; i++) await client.applications.create({ friendlyName: `app ${i}`, voiceUrl: 'https://example.test/voice' })
    const firstPage = await client.applications.page({ pageSize: 2 })
    expect(firstPage.instances).toHaveLength(2)
    expect(firstPage.nextPageUrl).toContain('Page=1')
    const all = await client.applications.list({ pageSize: 2 })
    expect(all.map((app) => app.friendlyName).sort()).toEqual(['app 0', 'app 1', 'app 2', 'app 3', 'app 4'])
  })
})

describe('calls, recordings and queues', () => {
  let twimlServer: Server
  let twimlUrl: string
  const received: Record<string, string>[] = []

  beforeAll(async () => {
    twimlServer = createServer((req, res) => {
      let body = ''
      req.on('data', (chunk) => (body += chunk))
      req.on('end', () => {
        const params = Object.fromEntries(new URLSearchParams(body))
        received.push({ path: req.url!, ...params })
        if (req.url === '/broken') {
          res.writeHead(500)
          return res.end('boom')
        }
        res.writeHead(200, { 'content-type': 'text/xml' })
        if (req.url === '/bad-verb') return res.end('<Response><Dance/></Response>')
        res.end(req.url === '/voice' ? '<Response><Say>Hello from the test.</Say><Pause length="1"/><Hangup/></Response>' : '<Response/>')
      })
    })
    await new Promise<void>((resolve) => twimlServer.listen(0, '127.0.0.1', resolve))
    twimlUrl = `http://127.0.0.1:${(twimlServer.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise((resolve) => twimlServer.close(resolve)))

  it('places an outbound call that fetches TwiML, is recorded in two channels, and reports its status; recordings download with auth', async () => {
    const { account, client } = await subaccount('calls')
    const from = await client.incomingPhoneNumbers.create({ areaCode: '206' })
    const call = await client.calls.create({ to: '+14155550111', from: from.phoneNumber, url: `${twimlUrl}/voice`, statusCallback: `${twimlUrl}/status`, record: true, recordingChannels: 'dual' })
    expect(call.sid).toMatch(/^CA[0-9a-f]{32}$/)
    expect(call.status).toBe('queued')

    await expect.poll(() => received.find((r) => r.path === '/status' && r.CallSid === call.sid)?.CallStatus, { timeout: 15_000 }).toBe('completed')
    const voice = received.find((r) => r.path === '/voice' && r.CallSid === call.sid)!
    expect(voice).toMatchObject({ AccountSid: account.sid, Direction: 'outbound-api', From: from.phoneNumber, To: '+14155550111' })
    const fetched = await client.calls(call.sid).fetch()
    expect(fetched.status).toBe('completed')
    expect(Number(fetched.duration)).toBeGreaterThanOrEqual(1)

    const [recording] = await client.calls(call.sid).recordings.list()
    expect(recording!.sid).toMatch(/^RE[0-9a-f]{32}$/)
    const mediaUrl = `${sandbox.baseUrl}/2010-04-01/Accounts/${account.sid}/Recordings/${recording!.sid}`
    expect((await fetch(`${mediaUrl}.wav`)).status).toBe(401)
    const wav = Buffer.from(await (await fetch(`${mediaUrl}.wav`, { headers: { authorization: basic(account.sid, account.authToken) } })).arrayBuffer())
    expect(wav.subarray(0, 4).toString()).toBe('RIFF')
    expect(wav.subarray(8, 12).toString()).toBe('WAVE')
    expect(wav.readUInt16LE(22)).toBe(2)
    expect(wav.readUInt32LE(24)).toBe(8000)
    const mp3Response = await fetch(`${mediaUrl}.mp3`, { headers: { authorization: basic(account.sid, account.authToken) } })
    expect(mp3Response.headers.get('content-type')).toBe('audio/mpeg')
    const mp3 = Buffer.from(await mp3Response.arrayBuffer())
    // An MPEG audio frame starts with 11 set sync bits.
    expect(mp3[0]).toBe(0xff)
    expect(mp3[1]! & 0xe0).toBe(0xe0)

    await client.recordings(recording!.sid).remove()
    await expect(client.recordings(recording!.sid).fetch()).rejects.toMatchObject({ code: 20404 })
  })

  it('reports TwiML failures as the call’s notifications, as Twilio’s debugger does', async () => {
    const { client } = await subaccount('notifications')
    const from = await client.incomingPhoneNumbers.create({ areaCode: '305' })
    const broken = await client.calls.create({ to: '+14155550123', from: from.phoneNumber, url: `${twimlUrl}/broken`, statusCallback: `${twimlUrl}/status` })
    const badVerb = await client.calls.create({ to: '+14155550124', from: from.phoneNumber, url: `${twimlUrl}/bad-verb`, statusCallback: `${twimlUrl}/status` })
    for (const call of [broken, badVerb]) {
      await expect.poll(() => received.find((r) => r.path === '/status' && r.CallSid === call.sid)?.CallStatus, { timeout: 15_000 }).toBeDefined()
    }
    const [error] = await client.calls(broken.sid).notifications.list()
    expect(error).toMatchObject({ callSid: broken.sid, errorCode: '11200', log: '0', requestUrl: `${twimlUrl}/broken`, moreInfo: 'https://www.twilio.com/docs/errors/11200' })
    const warnings = await client.calls(badVerb.sid).notifications.list()
    expect(warnings.map((n) => [n.errorCode, n.log])).toContainEqual(['12200', '1'])
    expect((await client.notifications.list()).map((n) => n.callSid).sort()).toEqual([broken.sid, badVerb.sid].sort())
  })

  it('manages queues', async () => {
    const { client } = await subaccount('queues')
    const queue = await client.queues.create({ friendlyName: 'support', maxSize: 10 })
    expect(queue.sid).toMatch(/^QU[0-9a-f]{32}$/)
    expect(queue.currentSize).toBe(0)
    await expect(client.queues.create({ friendlyName: 'support' })).rejects.toMatchObject({ status: 400 })
    expect(await client.queues(queue.sid).members.list()).toEqual([])
    await expect(client.queues(queue.sid).members('Front').fetch()).rejects.toMatchObject({ status: 404 })
    expect((await client.queues(queue.sid).update({ maxSize: 20 })).maxSize).toBe(20)
    await client.queues(queue.sid).remove()
  })
})
