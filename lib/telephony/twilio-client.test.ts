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
  })
})
