import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTwilioSandbox, type TwilioSandbox } from '../index'
import { defaultSubaccountName } from './accounts'
import { basicAuth, newSubaccount, parentClient, sandboxClient } from './testing/clients'

// Accounts, API keys and credentials, driven by the real `twilio` library and by raw HTTP.

let sandbox: TwilioSandbox
beforeAll(async () => {
  sandbox = await startTwilioSandbox({ port: 0, accountSid: `AC${'1'.repeat(32)}`, authToken: 'parent-token-0000000000000000000' })
})
afterAll(() => sandbox.close())

const accountUrl = (sid: string) => `${sandbox.baseUrl}/2010-04-01/Accounts/${sid}.json`

describe('subaccounts', () => {
  it('creates, fetches and lists subaccounts in Twilio’s JSON shape', async () => {
    const { account } = await newSubaccount(sandbox, 'HEKAX - Acme')
    expect(account.sid).toMatch(/^AC[0-9a-f]{32}$/)
    expect(account).toMatchObject({ ownerAccountSid: sandbox.accountSid, status: 'active', friendlyName: 'HEKAX - Acme', type: 'Full' })
    expect(account.authToken).toMatch(/^[0-9a-f]{32}$/)

    const response = await fetch(accountUrl(account.sid), { headers: basicAuth(sandbox.accountSid, sandbox.authToken) })
    expect(response.headers.get('content-type')).toContain('application/json')
    const body = await response.json()
    expect(body.date_created).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$/)
    expect(body.uri).toBe(`/2010-04-01/Accounts/${account.sid}.json`)
    expect(body.subresource_uris.incoming_phone_numbers).toBe(`/2010-04-01/Accounts/${account.sid}/IncomingPhoneNumbers.json`)

    const listed = await parentClient(sandbox).api.v2010.accounts.list({ friendlyName: 'HEKAX - Acme' })
    expect(listed.map((a) => a.sid)).toEqual([account.sid])
    const all = (await parentClient(sandbox).api.v2010.accounts.list()).map((a) => a.sid)
    expect(all).toEqual(expect.arrayContaining([sandbox.accountSid, account.sid]))
  })

  it('names an unnamed subaccount as Twilio does', async () => {
    const account = await parentClient(sandbox).api.v2010.accounts.create()
    expect(account.friendlyName).toMatch(/^SubAccount Created at \d{4}-\d{2}-\d{2} \d{2}:\d{2} (am|pm)$/)
    expect(defaultSubaccountName(new Date(Date.UTC(2026, 10, 24, 0, 5)))).toBe('SubAccount Created at 2026-11-24 12:05 am')
    expect(defaultSubaccountName(new Date(Date.UTC(2026, 10, 24, 13, 44)))).toBe('SubAccount Created at 2026-11-24 01:44 pm')
  })

  it('lets a subaccount see only itself, and not create subaccounts', async () => {
    const { account, client } = await newSubaccount(sandbox, 'self only')
    expect((await client.api.v2010.accounts.list()).map((a) => a.sid)).toEqual([account.sid])
    await expect(client.api.v2010.accounts.create({ friendlyName: 'nested' })).rejects.toMatchObject({ status: 403, code: 20403 })
  })

  it('suspends (credentials answer 20005 until reactivated) and closes for good (20003, 21479)', async () => {
    const { account, client } = await newSubaccount(sandbox, 'lifecycle')
    const parent = parentClient(sandbox)
    expect((await parent.api.v2010.accounts(account.sid).update({ status: 'suspended' })).status).toBe('suspended')
    await expect(client.applications.list()).rejects.toMatchObject({ status: 401, code: 20005 })
    expect((await parent.api.v2010.accounts(account.sid).update({ status: 'active' })).status).toBe('active')
    expect(await client.applications.list()).toEqual([])

    const number = await client.incomingPhoneNumbers.create({ areaCode: '617' })
    expect((await parent.api.v2010.accounts(account.sid).update({ status: 'closed' })).status).toBe('closed')
    await expect(client.api.v2010.accounts(account.sid).fetch()).rejects.toMatchObject({ status: 401, code: 20003 })
    await expect(parent.api.v2010.accounts(account.sid).update({ status: 'active' })).rejects.toMatchObject({ status: 400, code: 21479 })
    // Closing releases the account's numbers back to the inventory.
    expect(sandbox.store.numberByPhoneNumber(number.phoneNumber)).toBeUndefined()
    expect((await parent.api.v2010.accounts(account.sid).fetch()).status).toBe('closed')
  })

  it('refuses to change the main account’s status or an unknown status', async () => {
    const { account } = await newSubaccount(sandbox, 'statuses')
    await expect(parentClient(sandbox).api.v2010.accounts(sandbox.accountSid).update({ status: 'suspended' })).rejects.toMatchObject({ status: 403 })
    const response = await fetch(accountUrl(account.sid), { method: 'POST', headers: basicAuth(sandbox.accountSid, sandbox.authToken), body: new URLSearchParams({ Status: 'paused' }) })
    expect(response.status).toBe(400)
    expect((await response.json()).code).toBe(20001)
  })
})

describe('credentials', () => {
  it('answers bad credentials with 20003 and a Basic challenge', async () => {
    const wrong = sandboxClient(sandbox, { accountSid: sandbox.accountSid, authToken: 'nope' })
    await expect(wrong.api.v2010.accounts(sandbox.accountSid).fetch()).rejects.toMatchObject({ status: 401, code: 20003, moreInfo: 'https://www.twilio.com/docs/errors/20003' })
    for (const headers of [{}, basicAuth(sandbox.accountSid, 'nope'), basicAuth('ACnobody', sandbox.authToken), { authorization: 'Bearer x' }]) {
      const response = await fetch(accountUrl(sandbox.accountSid), { headers })
      expect(response.status).toBe(401)
      expect(response.headers.get('www-authenticate')).toContain('Basic')
      expect(await response.json()).toEqual({ code: 20003, message: 'Authenticate', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 })
    }
  })

  it('returns an API key secret once; the key authenticates until deleted', async () => {
    const { account, client } = await newSubaccount(sandbox, 'keys')
    const key = await client.newKeys.create({ friendlyName: 'Softphone' })
    expect(key.sid).toMatch(/^SK[0-9a-f]{32}$/)
    expect(key.secret).toMatch(/^[A-Za-z0-9]{32}$/)
    const fetched = await fetch(`${sandbox.baseUrl}/2010-04-01/Accounts/${account.sid}/Keys/${key.sid}.json`, { headers: basicAuth(account.sid, account.authToken) })
    expect(await fetched.json()).toEqual({ sid: key.sid, friendly_name: 'Softphone', date_created: expect.any(String), date_updated: expect.any(String) })
    const listed = await client.keys.list()
    expect(listed.map((k) => k.sid)).toEqual([key.sid])
    expect(JSON.stringify(listed)).not.toContain(key.secret)

    const withKey = sandboxClient(sandbox, { accountSid: account.sid, apiKeySid: key.sid, apiKeySecret: key.secret })
    const app = await withKey.applications.create({ friendlyName: 'via key' })
    expect(app.accountSid).toBe(account.sid)
    await client.keys(key.sid).remove()
    await expect(withKey.applications.list()).rejects.toMatchObject({ status: 401, code: 20003 })
  })

  it('keeps Standard keys away from Accounts and Keys, as Twilio does', async () => {
    const { account, client } = await newSubaccount(sandbox, 'standard key')
    const key = await client.newKeys.create({ friendlyName: 'standard' })
    const withKey = sandboxClient(sandbox, { accountSid: account.sid, apiKeySid: key.sid, apiKeySecret: key.secret })
    await expect(withKey.api.v2010.accounts(account.sid).fetch()).rejects.toMatchObject({ status: 401, code: 20003 })
    await expect(withKey.newKeys.create({ friendlyName: 'another' })).rejects.toMatchObject({ status: 401, code: 20003 })
    await expect(withKey.keys.list()).rejects.toMatchObject({ status: 401, code: 20003 })
  })

  it('keeps subaccounts apart both ways; the parent reaches its subaccounts', async () => {
    const a = await newSubaccount(sandbox, 'tenant a')
    const b = await newSubaccount(sandbox, 'tenant b')
    const bought = await a.client.incomingPhoneNumbers.create({ areaCode: '415' })
    // b's credentials on a's account path: not authenticated for it.
    await expect(b.client.api.v2010.accounts(a.account.sid).incomingPhoneNumbers(bought.sid).fetch()).rejects.toMatchObject({ status: 401, code: 20003 })
    await expect(a.client.api.v2010.accounts(b.account.sid).applications.list()).rejects.toMatchObject({ status: 401, code: 20003 })
    // a's resource under b's own path: not found.
    await expect(b.client.incomingPhoneNumbers(bought.sid).fetch()).rejects.toMatchObject({ status: 404, code: 20404 })
    await expect(b.client.incomingPhoneNumbers(bought.sid).remove()).rejects.toMatchObject({ status: 404, code: 20404 })
    expect(await b.client.incomingPhoneNumbers.list()).toEqual([])
    // A subaccount cannot reach its parent.
    await expect(a.client.api.v2010.accounts(sandbox.accountSid).applications.list()).rejects.toMatchObject({ status: 401, code: 20003 })
    const viaParent = await parentClient(sandbox).api.v2010.accounts(a.account.sid).incomingPhoneNumbers(bought.sid).fetch()
    expect(viaParent.phoneNumber).toBe(bought.phoneNumber)
  })
})

describe('IAM v1 keys', () => {
  it('creates (secret once), lists, fetches, renames and deletes keys of an account the credentials reach', async () => {
    const { account, client } = await newSubaccount(sandbox, 'iam keys')
    const parent = parentClient(sandbox)
    const key = await parent.iam.v1.newApiKey.create({ accountSid: account.sid, friendlyName: 'made by the parent' })
    expect(key.sid).toMatch(/^SK[0-9a-f]{32}$/)
    expect(key.secret).toMatch(/^[A-Za-z0-9]{32}$/)
    expect(sandbox.store.keys.get(key.sid)?.accountSid).toBe(account.sid)
    expect((await sandboxClient(sandbox, { accountSid: account.sid, apiKeySid: key.sid, apiKeySecret: key.secret }).applications.list())).toEqual([])

    for (let i = 0; i < 2; i++) await client.iam.v1.newApiKey.create({ accountSid: account.sid, friendlyName: `own ${i}` })
    const listed = await client.iam.v1.getApiKeys.list({ accountSid: account.sid, pageSize: 2 })
    expect(listed.map((k) => k.friendlyName).sort()).toEqual(['made by the parent', 'own 0', 'own 1'])
    expect(JSON.stringify(listed)).not.toContain(key.secret)
    expect((await client.iam.v1.apiKey(key.sid).update({ friendlyName: 'renamed' })).friendlyName).toBe('renamed')
    expect((await client.iam.v1.apiKey(key.sid).fetch()).dateCreated).toBeInstanceOf(Date)
    expect(await client.iam.v1.apiKey(key.sid).remove()).toBe(true)
    await expect(client.iam.v1.apiKey(key.sid).fetch()).rejects.toMatchObject({ status: 404, code: 20404 })

    const other = await newSubaccount(sandbox, 'iam other')
    await expect(other.client.iam.v1.newApiKey.create({ accountSid: account.sid })).rejects.toMatchObject({ status: 401, code: 20003 })
    await expect(client.iam.v1.newApiKey.create({ accountSid: account.sid, keyType: 'restricted' })).rejects.toMatchObject({ status: 400 })
  })
})
