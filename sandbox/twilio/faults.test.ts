import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTwilioSandbox, type TwilioSandbox } from './index'
import { parentClient } from './rest/testing/clients'

describe('arranged failures', () => {
  let sandbox: TwilioSandbox
  beforeAll(async () => (sandbox = await startTwilioSandbox({ port: 0 })))
  afterAll(() => sandbox.close())

  it('answers a Twilio error for the matching request, then behaves normally', async () => {
    sandbox.faults.add({ method: 'POST', path: /\/Accounts\.json$/, kind: 'error', status: 503, code: 20503, message: 'Service Unavailable' })
    const client = parentClient(sandbox)
    await expect(client.api.v2010.accounts.create({ friendlyName: 'first' })).rejects.toMatchObject({ status: 503, code: 20503 })
    expect([...sandbox.store.accounts.values()].some((account) => account.friendlyName === 'first')).toBe(false)
    await expect(client.api.v2010.accounts.create({ friendlyName: 'second' })).resolves.toMatchObject({ friendlyName: 'second' })
  })

  it('drop-after does the work but never answers; drop-before does nothing', async () => {
    const client = parentClient(sandbox)
    sandbox.faults.add({ method: 'POST', path: /\/Accounts\.json$/, kind: 'drop-after' })
    await expect(client.api.v2010.accounts.create({ friendlyName: 'lost answer' })).rejects.toThrow(/socket hang up/)
    expect([...sandbox.store.accounts.values()].filter((account) => account.friendlyName === 'lost answer')).toHaveLength(1)
    sandbox.faults.add({ method: 'POST', path: /\/Accounts\.json$/, kind: 'drop-before', times: 2 })
    await expect(client.api.v2010.accounts.create({ friendlyName: 'never made' })).rejects.toThrow(/socket hang up/)
    await expect(client.api.v2010.accounts.create({ friendlyName: 'never made' })).rejects.toThrow(/socket hang up/)
    expect([...sandbox.store.accounts.values()].some((account) => account.friendlyName === 'never made')).toBe(false)
    await expect(client.api.v2010.accounts.list({ friendlyName: 'lost answer' })).resolves.toHaveLength(1)
  })
})
