import twilio from 'twilio'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTwilioSandbox, type TwilioSandbox } from '@/sandbox/twilio/index'
import { createTwilioClient, sandboxUri } from './twilio-client'

describe('the app’s Twilio client', () => {
  let sandbox: TwilioSandbox
  beforeAll(async () => {
    sandbox = await startTwilioSandbox({ port: 0 })
  })
  afterAll(() => sandbox.close())

  it('maps Twilio’s hosts onto the sandbox, keeping non-API products apart', () => {
    const base = 'http://127.0.0.1:8090/'
    expect(sandboxUri('https://api.twilio.com/2010-04-01/Accounts/AC1/Calls.json?Page=1', base)).toBe('http://127.0.0.1:8090/2010-04-01/Accounts/AC1/Calls.json?Page=1')
    expect(sandboxUri('https://api.ashburn.us1.twilio.com/2010-04-01/Accounts.json', base)).toBe('http://127.0.0.1:8090/2010-04-01/Accounts.json')
    expect(sandboxUri('https://iam.twilio.com/v1/Keys', base)).toBe('http://127.0.0.1:8090/iam/v1/Keys')
    expect(sandboxUri('https://voice.twilio.com/v1/Settings', 'https://sandbox.example.test/twilio')).toBe('https://sandbox.example.test/twilio/voice/v1/Settings')
    expect(sandboxUri('https://example.com/elsewhere', base)).toBe('https://example.com/elsewhere')
  })

  it('in sandbox mode runs the same calls against the sandbox, with account or API key credentials', async () => {
    const parent = createTwilioClient({ accountSid: sandbox.accountSid, authToken: sandbox.authToken }, { sandboxBaseUrl: sandbox.baseUrl })
    const subaccount = await parent.api.v2010.accounts.create({ friendlyName: 'HEKAX - Factory Test' })
    const tenant = createTwilioClient({ accountSid: subaccount.sid, authToken: subaccount.authToken }, { sandboxBaseUrl: sandbox.baseUrl })
    const key = await tenant.newKeys.create({ friendlyName: 'Softphone' })
    const withKey = createTwilioClient({ accountSid: subaccount.sid, apiKeySid: key.sid, apiKeySecret: key.secret }, { sandboxBaseUrl: sandbox.baseUrl })
    const app = await withKey.applications.create({ friendlyName: 'Voice', voiceUrl: 'https://phone.example.com/api/voice/incoming' })
    expect(app.accountSid).toBe(subaccount.sid)
    expect(sandbox.store.applications.get(app.sid)?.voiceUrl).toBe('https://phone.example.com/api/voice/incoming')
    // Paging follows the sandbox's next_page_uri through the same HTTP client.
    for (let i = 0; i < 3; i++) await tenant.applications.create({ friendlyName: `page ${i}` })
    expect(await tenant.applications.list({ pageSize: 2 })).toHaveLength(4)
  })

  it('reaches other Twilio products through their own path prefix (IAM v1 keys at /iam)', async () => {
    const parent = createTwilioClient({ accountSid: sandbox.accountSid, authToken: sandbox.authToken }, { sandboxBaseUrl: sandbox.baseUrl })
    const subaccount = await parent.api.v2010.accounts.create({ friendlyName: 'HEKAX - IAM' })
    const key = await parent.iam.v1.newApiKey.create({ accountSid: subaccount.sid, friendlyName: 'Softphone' })
    expect(sandbox.store.keys.get(key.sid)).toMatchObject({ accountSid: subaccount.sid, secret: key.secret })
    expect((await parent.iam.v1.getApiKeys.list({ accountSid: subaccount.sid })).map((k) => k.sid)).toEqual([key.sid])
  })

  it('surfaces Twilio errors as the library’s RestException', async () => {
    const wrong = createTwilioClient({ accountSid: sandbox.accountSid, authToken: 'not-the-token' }, { sandboxBaseUrl: sandbox.baseUrl })
    const error = await wrong.api.v2010.accounts(sandbox.accountSid).fetch().catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(twilio.RestException)
    expect(error).toMatchObject({ status: 401, code: 20003, message: 'Authenticate', moreInfo: 'https://www.twilio.com/docs/errors/20003' })
  })
})
