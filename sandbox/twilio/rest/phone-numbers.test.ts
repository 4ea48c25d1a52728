import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTwilioSandbox, type TwilioSandbox } from '../index'
import { basicAuth, newSubaccount } from './testing/clients'

// AvailablePhoneNumbers and IncomingPhoneNumbers through the real `twilio` library.

let sandbox: TwilioSandbox
beforeAll(async () => {
  sandbox = await startTwilioSandbox({ port: 0 })
})
afterAll(() => sandbox.close())

describe('searching available numbers', () => {
  it('stocks Canadian local and toll-free numbers, kept apart from the US ones', async () => {
    const { client } = await newSubaccount(sandbox, 'canada')
    const toronto = await client.availablePhoneNumbers('CA').local.list({ areaCode: 416, limit: 3 })
    expect(toronto).toHaveLength(3)
    for (const number of toronto) expect(number).toMatchObject({ isoCountry: 'CA', region: 'ON', locality: 'Toronto' })
    expect(await client.availablePhoneNumbers('US').local.list({ areaCode: 416, limit: 3 })).toEqual([])
    const tollFree = await client.availablePhoneNumbers('CA').tollFree.list({ limit: 100 })
    const usTollFree = new Set((await client.availablePhoneNumbers('US').tollFree.list({ limit: 1000 })).map((n) => n.phoneNumber))
    expect(tollFree.length).toBeGreaterThan(0)
    expect(tollFree.every((n) => n.isoCountry === 'CA' && !usTollFree.has(n.phoneNumber))).toBe(true)
    const countries = await client.availablePhoneNumbers.list()
    expect(countries.map((country) => country.countryCode).sort()).toEqual(['CA', 'US'])
    await expect(client.availablePhoneNumbers('GB').local.list({ limit: 1 })).rejects.toMatchObject({ status: 404 })
  })

  it('answers each country’s monthly number prices (Pricing v1)', async () => {
    const { client } = await newSubaccount(sandbox, 'pricing')
    const us = await client.pricing.v1.phoneNumbers.countries('US').fetch()
    expect(us).toMatchObject({ isoCountry: 'US', country: 'United States', priceUnit: 'USD' })
    expect(us.phoneNumberPrices.map((price) => ({ ...price }))).toEqual([
      { numberType: 'local', basePrice: '1.15', currentPrice: '1.15' },
      { numberType: 'toll free', basePrice: '2.15', currentPrice: '2.15' },
    ])
    await expect(client.pricing.v1.phoneNumbers.countries('ZZ').fetch()).rejects.toMatchObject({ status: 404 })
  })

  it('finds the same numbers for the same search, by area code, in Twilio’s shape', async () => {
    const { client } = await newSubaccount(sandbox, 'search')
    const first = await client.availablePhoneNumbers('US').local.list({ areaCode: 415, limit: 5 })
    const again = await client.availablePhoneNumbers('US').local.list({ areaCode: 415, limit: 5 })
    expect(first.map((n) => n.phoneNumber)).toEqual(again.map((n) => n.phoneNumber))
    expect(first).toHaveLength(5)
    for (const number of first) {
      expect(number).toMatchObject({ region: 'CA', locality: 'San Francisco', isoCountry: 'US', lata: '722', capabilities: { voice: true, sms: true, mms: true } })
      expect(number.phoneNumber).toMatch(/^\+1415\d{7}$/)
      expect(number.friendlyName).toBe(`(415) ${number.phoneNumber.slice(5, 8)}-${number.phoneNumber.slice(8)}`)
    }
  })

  it('filters by Contains (digits, wildcards, keypad letters), InRegion and InLocality; searches toll-free numbers', async () => {
    const { client } = await newSubaccount(sandbox, 'filters')
    const local = client.availablePhoneNumbers('US').local
    const wildcard = await local.list({ contains: '512**', limit: 50 })
    expect(wildcard.length).toBeGreaterThan(0)
    expect(wildcard.every((n) => /512\d\d/.test(n.phoneNumber))).toBe(true)
    const anchored = await local.list({ contains: '+1303', limit: 50 })
    expect(anchored.length).toBeGreaterThan(0)
    expect(anchored.every((n) => n.phoneNumber.startsWith('+1303'))).toBe(true)
    // Letters are keypad digits: "AD" finds exactly what "23" finds.
    const [letters, digits] = await Promise.all([local.list({ contains: 'AD', limit: 100 }), local.list({ contains: '23', limit: 100 })])
    expect(letters.map((n) => n.phoneNumber)).toEqual(digits.map((n) => n.phoneNumber))
    expect(new Set((await local.list({ inRegion: 'WA', limit: 100 })).map((n) => n.region))).toEqual(new Set(['WA']))
    expect(new Set((await local.list({ inLocality: 'Boston', limit: 100 })).map((n) => n.locality))).toEqual(new Set(['Boston']))

    const tollFree = await client.availablePhoneNumbers('US').tollFree.list({ areaCode: 888, limit: 3 })
    expect(tollFree).toHaveLength(3)
    expect(tollFree.every((n) => n.phoneNumber.startsWith('+1888') && n.capabilities.mms === false && n.region === null)).toBe(true)
    expect(await client.availablePhoneNumbers('US').local.list({ areaCode: 907, limit: 5 })).toEqual([])
  })

  it('answers one page of PageSize results and rejects malformed filters', async () => {
    const { account } = await newSubaccount(sandbox, 'page size')
    const headers = basicAuth(account.sid, account.authToken)
    const url = `${sandbox.baseUrl}/2010-04-01/Accounts/${account.sid}/AvailablePhoneNumbers/US/Local.json`
    const body = await (await fetch(`${url}?PageSize=3`, { headers })).json()
    expect(body.available_phone_numbers).toHaveLength(3)
    expect(body).toMatchObject({ page: 0, page_size: 3, next_page_uri: null })
    expect(body.available_phone_numbers[0].latitude).toMatch(/^-?\d+\.\d{6}$/)

    const badPattern = await fetch(`${url}?Contains=4*5`, { headers })
    expect([badPattern.status, (await badPattern.json()).code]).toEqual([400, 20001])
    const badAreaCode = await fetch(`${url}?AreaCode=12`, { headers })
    expect([badAreaCode.status, (await badAreaCode.json()).code]).toEqual([400, 21451])
    const otherCountry = await fetch(url.replace('/US/', '/GB/'), { headers })
    expect(otherCountry.status).toBe(404)
  })
})

describe('incoming phone numbers', () => {
  it('buys, configures and releases a number; a bought number is not available until released', async () => {
    const { account, client } = await newSubaccount(sandbox, 'buy')
    const [candidate] = await client.availablePhoneNumbers('US').local.list({ areaCode: 312, limit: 1 })
    const number = await client.incomingPhoneNumbers.create({ phoneNumber: candidate!.phoneNumber, voiceUrl: 'https://phone.example.com/api/voice/incoming' })
    expect(number.sid).toMatch(/^PN[0-9a-f]{32}$/)
    expect(number).toMatchObject({ accountSid: account.sid, friendlyName: candidate!.friendlyName, voiceUrl: 'https://phone.example.com/api/voice/incoming', voiceMethod: 'POST', status: 'in-use' })
    expect(number.capabilities).toEqual({ voice: true, sms: true, mms: true, fax: false })
    const search = await client.availablePhoneNumbers('US').local.list({ areaCode: 312, limit: 100 })
    expect(search.map((n) => n.phoneNumber)).not.toContain(candidate!.phoneNumber)

    const app = await client.applications.create({ friendlyName: 'voice' })
    const updated = await client.incomingPhoneNumbers(number.sid).update({
      voiceFallbackUrl: 'https://phone.example.com/api/voice/fallback',
      voiceFallbackMethod: 'GET',
      statusCallback: 'https://phone.example.com/api/voice/status',
      voiceApplicationSid: app.sid,
      friendlyName: 'Main line',
    })
    expect(updated).toMatchObject({ voiceFallbackUrl: 'https://phone.example.com/api/voice/fallback', voiceFallbackMethod: 'GET', statusCallback: 'https://phone.example.com/api/voice/status', voiceApplicationSid: app.sid, friendlyName: 'Main line' })
    expect((await client.incomingPhoneNumbers(number.sid).update({ voiceApplicationSid: '' })).voiceApplicationSid).toBeNull()
    expect((await client.incomingPhoneNumbers.list({ phoneNumber: candidate!.phoneNumber })).map((n) => n.sid)).toEqual([number.sid])
    expect((await client.incomingPhoneNumbers.list({ phoneNumber: `312*${candidate!.phoneNumber.slice(6, 9)}` })).map((n) => n.sid)).toEqual([number.sid])

    expect(await client.incomingPhoneNumbers(number.sid).remove()).toBe(true)
    await expect(client.incomingPhoneNumbers(number.sid).fetch()).rejects.toMatchObject({ status: 404, code: 20404 })
    const after = await client.availablePhoneNumbers('US').local.list({ areaCode: 312, limit: 100 })
    expect(after.map((n) => n.phoneNumber)).toContain(candidate!.phoneNumber)
  })

  it('buys the first available number in an area code', async () => {
    const { client } = await newSubaccount(sandbox, 'area code')
    const [expected] = await client.availablePhoneNumbers('US').local.list({ areaCode: 206, limit: 1 })
    const bought = await client.incomingPhoneNumbers.create({ areaCode: '206' })
    expect(bought.phoneNumber).toBe(expected!.phoneNumber)
  })

  it('answers 21421 for a malformed number, 21422 for one not available, 21451 for a bad area code, 21420/22108 for a foreign application', async () => {
    const a = await newSubaccount(sandbox, 'errors a')
    const b = await newSubaccount(sandbox, 'errors b')
    const owned = await a.client.incomingPhoneNumbers.create({ areaCode: '303' })
    await expect(b.client.incomingPhoneNumbers.create({ phoneNumber: owned.phoneNumber })).rejects.toMatchObject({ status: 400, code: 21422 })
    await expect(b.client.incomingPhoneNumbers.create({ phoneNumber: '+14155550100' })).rejects.toMatchObject({ status: 400, code: 21422 })
    await expect(b.client.incomingPhoneNumbers.create({ phoneNumber: '555-1234' })).rejects.toMatchObject({ status: 400, code: 21421, moreInfo: 'https://www.twilio.com/docs/errors/21421' })
    await expect(b.client.incomingPhoneNumbers.create({ areaCode: '1' })).rejects.toMatchObject({ status: 400, code: 21451 })
    await expect(b.client.incomingPhoneNumbers.create({ areaCode: '907' })).rejects.toMatchObject({ status: 400, code: 21422 })
    await expect(b.client.incomingPhoneNumbers.create({})).rejects.toMatchObject({ status: 400, code: 20001 })

    const foreignApp = await a.client.applications.create({ friendlyName: 'a only' })
    await expect(b.client.incomingPhoneNumbers.create({ areaCode: '303', voiceApplicationSid: foreignApp.sid })).rejects.toMatchObject({ status: 400, code: 21420 })
    await expect(a.client.incomingPhoneNumbers(owned.sid).update({ voiceApplicationSid: 'AP00000000000000000000000000000000' })).rejects.toMatchObject({ status: 400, code: 22108 })
  })
})
