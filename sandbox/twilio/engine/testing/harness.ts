/**
 * A sandbox for engine tests: a store with the parent account, a subaccount, the call engine on
 * a chosen clock, and helpers to buy numbers. Tests talk to it the way the REST layer and the
 * control API do.
 */
import { randomBytes } from 'node:crypto'
import type { Clock } from '../../clock'
import { newSid, SandboxStore, type Account, type IncomingNumber } from '../../store'
import { CallEngine, type CallEngineOptions } from '../index'

export interface TestSandbox {
  store: SandboxStore
  engine: CallEngine
  parent: Account
  subaccount: Account
  buyNumber(accountSid: string, phoneNumber: string, config?: Partial<IncomingNumber>): IncomingNumber
  close(): Promise<void>
}

export function createTestSandbox(options: { clock?: Clock } & Partial<Omit<CallEngineOptions, 'store'>> = {}): TestSandbox {
  const parentSid = `AC${randomBytes(16).toString('hex')}`
  const store = new SandboxStore(parentSid, randomBytes(16).toString('hex'))
  const parent = store.accounts.get(parentSid) as Account
  const now = new Date()
  const subaccount: Account = { sid: newSid('AC'), authToken: randomBytes(16).toString('hex'), friendlyName: 'tenant', status: 'active', parentSid, dateCreated: now, dateUpdated: now }
  store.accounts.set(subaccount.sid, subaccount)
  const engine = new CallEngine({ store, publicBaseUrl: 'http://127.0.0.1:8090', ...options })
  return {
    store,
    engine,
    parent,
    subaccount,
    buyNumber(accountSid, phoneNumber, config = {}) {
      const number: IncomingNumber = {
        sid: newSid('PN'),
        accountSid,
        phoneNumber,
        friendlyName: phoneNumber,
        voiceUrl: null,
        voiceMethod: 'POST',
        voiceFallbackUrl: null,
        voiceFallbackMethod: 'POST',
        statusCallback: null,
        statusCallbackMethod: 'POST',
        smsUrl: null,
        smsMethod: 'POST',
        smsFallbackUrl: null,
        smsFallbackMethod: 'POST',
        voiceApplicationSid: null,
        smsApplicationSid: null,
        capabilities: { voice: true, sms: true, mms: true },
        dateCreated: now,
        dateUpdated: now,
        ...config,
      }
      store.numbers.set(number.sid, number)
      return number
    },
    close: () => engine.close(),
  }
}
