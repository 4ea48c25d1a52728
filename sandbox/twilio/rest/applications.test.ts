import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTwilioSandbox, type TwilioSandbox } from '../index'
import { basicAuth, newSubaccount } from './testing/clients'

// TwiML Applications, list paging and the API's answers to unknown routes.

let sandbox: TwilioSandbox
beforeAll(async () => {
  sandbox = await startTwilioSandbox({ port: 0 })
})
afterAll(() => sandbox.close())

describe('applications', () => {
  it('creates, fetches, updates, lists and deletes a TwiML App', async () => {
    const { account, client } = await newSubaccount(sandbox, 'apps')
    const app = await client.applications.create({ friendlyName: 'HEKAX Voice', voiceUrl: 'https://phone.example.com/api/voice/client', voiceMethod: 'post' })
    expect(app.sid).toMatch(/^AP[0-9a-f]{32}$/)
    expect(app).toMatchObject({ accountSid: account.sid, voiceMethod: 'POST', voiceFallbackUrl: null, statusCallbackMethod: 'POST', apiVersion: '2010-04-01' })
    expect(app.uri).toBe(`/2010-04-01/Accounts/${account.sid}/Applications/${app.sid}.json`)

    const updated = await client.applications(app.sid).update({ statusCallback: 'https://phone.example.com/api/voice/status', voiceFallbackUrl: 'https://phone.example.com/api/voice/fallback' })
    expect(updated).toMatchObject({ friendlyName: 'HEKAX Voice', statusCallback: 'https://phone.example.com/api/voice/status', voiceFallbackUrl: 'https://phone.example.com/api/voice/fallback' })
    expect(updated.dateUpdated.getTime()).toBeGreaterThanOrEqual(app.dateCreated.getTime())
    expect((await client.applications(app.sid).fetch()).voiceUrl).toBe('https://phone.example.com/api/voice/client')
    expect((await client.applications.list({ friendlyName: 'HEKAX Voice' })).map((a) => a.sid)).toEqual([app.sid])

    expect(await client.applications(app.sid).remove()).toBe(true)
    await expect(client.applications(app.sid).fetch()).rejects.toMatchObject({ status: 404, code: 20404 })
  })

  it('pages lists the way the twilio library follows them', async () => {
    const { account, client } = await newSubaccount(sandbox, 'paging')
    for (let i = 0; i < 5; i++) await client.applications.create({ friendlyName: `app ${i}` })
    const firstPage = await client.applications.page({ pageSize: 2 })
    expect(firstPage.instances).toHaveLength(2)
    expect(firstPage.nextPageUrl).toContain('Page=1')
    const all = await client.applications.list({ pageSize: 2 })
    expect(all.map((app) => app.friendlyName).sort()).toEqual(['app 0', 'app 1', 'app 2', 'app 3', 'app 4'])

    const response = await fetch(`${sandbox.baseUrl}/2010-04-01/Accounts/${account.sid}/Applications.json?PageSize=2&Page=2`, { headers: basicAuth(account.sid, account.authToken) })
    const lastPage = await response.json()
    expect(lastPage).toMatchObject({ page: 2, page_size: 2, start: 4, end: 4, next_page_uri: null })
    expect(lastPage.applications).toHaveLength(1)
    expect(lastPage.first_page_uri).toBe(`/2010-04-01/Accounts/${account.sid}/Applications.json?PageSize=2&Page=0`)
    expect(lastPage.previous_page_uri).toBe(`/2010-04-01/Accounts/${account.sid}/Applications.json?PageSize=2&Page=1`)
    expect(lastPage.uri).toBe(`/2010-04-01/Accounts/${account.sid}/Applications.json?PageSize=2&Page=2`)
  })
})

describe('unknown routes', () => {
  it('answers 404 and 405 with Twilio-shaped errors', async () => {
    const headers = basicAuth(sandbox.accountSid, sandbox.authToken)
    const missing = await fetch(`${sandbox.baseUrl}/2010-04-01/Accounts/${sandbox.accountSid}/Faxes.json`, { headers })
    expect(missing.status).toBe(404)
    expect(await missing.json()).toMatchObject({ code: 20404, status: 404, more_info: 'https://www.twilio.com/docs/errors/20404' })
    const gonePath = `/2010-04-01/Accounts/${sandbox.accountSid}/Applications/AP${'0'.repeat(32)}.json`
    const gone = await fetch(`${sandbox.baseUrl}${gonePath}`, { headers })
    expect(await gone.json()).toEqual({ code: 20404, message: `The requested resource ${gonePath} was not found`, more_info: 'https://www.twilio.com/docs/errors/20404', status: 404 })
    const elsewhere = await fetch(`${sandbox.baseUrl}/v1/Services`, { headers })
    expect([elsewhere.status, (await elsewhere.json()).code]).toEqual([404, 20404])
    const wrongMethod = await fetch(`${sandbox.baseUrl}/2010-04-01/Accounts/${sandbox.accountSid}/Applications.json`, { method: 'DELETE', headers })
    expect([wrongMethod.status, (await wrongMethod.json()).code]).toEqual([405, 20004])
  })
})
