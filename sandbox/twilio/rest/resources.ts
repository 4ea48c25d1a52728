import { randomBytes } from 'node:crypto'
import { badParam, notFound, TwilioApiError } from '../errors'
import { newSid, type Account, type IncomingNumber, type VoiceConfig } from '../store'
import { json } from './http'
import type { RestContext } from './context'
import { containsPattern, inventoryNumber, searchInventory } from './inventory'
import { accountJson, API, applicationJson, keyJson, numberJson, page } from './serialize'

// Accounts, Keys, Applications and phone numbers. Calls, recordings and queues are in calls.ts.

const E164 = /^\+[1-9]\d{6,14}$/

export function pathAccount({ store, credentialSid, path }: RestContext): Account {
  const account = store.accounts.get(path.AccountSid!)
  // Twilio answers 20003 when the credentials do not reach the account in the path.
  if (!account || !store.canAccess(credentialSid, account.sid)) throw new TwilioApiError(401, 20003, 'Authenticate')
  return account
}

export function owned<T extends { accountSid: string }>(map: Map<string, T>, sid: string | undefined, accountSid: string, what: string): T {
  const resource = sid ? map.get(sid) : undefined
  if (!resource || resource.accountSid !== accountSid) throw notFound(`${what} ${sid}`)
  return resource
}

const text = (params: URLSearchParams, name: string) => params.get(name) ?? undefined

function touch<T extends { dateUpdated: Date }>(resource: T, changes: Partial<T>): T {
  for (const [key, value] of Object.entries(changes)) if (value !== undefined) (resource as Record<string, unknown>)[key] = value
  resource.dateUpdated = new Date()
  return resource
}

// --- Accounts ---------------------------------------------------------------------------------

export function createAccount({ store, credentialSid, params, res }: RestContext) {
  const parent = store.accounts.get(credentialSid)!
  // Subaccounts cannot have subaccounts of their own (Twilio error 20008-like restriction).
  if (parent.parentSid) throw new TwilioApiError(403, 20008, 'Subaccounts cannot create subaccounts')
  const now = new Date()
  const account: Account = { sid: newSid('AC'), authToken: randomBytes(16).toString('hex'), friendlyName: text(params, 'FriendlyName') ?? `SubAccount Created at ${now.toISOString()}`, status: 'active', parentSid: parent.sid, dateCreated: now, dateUpdated: now }
  store.accounts.set(account.sid, account)
  return json(res, 201, accountJson(account))
}

export function listAccounts({ store, credentialSid, params, res }: RestContext) {
  const friendlyName = params.get('FriendlyName')
  const status = params.get('Status')
  const visible = [...store.accounts.values()].filter(
    (account) => store.canAccess(credentialSid, account.sid) && (!friendlyName || account.friendlyName === friendlyName) && (!status || account.status === status),
  )
  return json(res, 200, page('accounts', `${API}/Accounts.json`, visible.map(accountJson), params))
}

export function fetchAccount(context: RestContext) {
  return json(context.res, 200, accountJson(pathAccount(context)))
}

export function updateAccount(context: RestContext) {
  const account = pathAccount(context)
  const status = context.params.get('Status')
  if (status && !['active', 'suspended', 'closed'].includes(status)) throw badParam(20001, `Invalid Status: ${status}`)
  if (account.status === 'closed' && status && status !== 'closed') throw badParam(20001, 'A closed account cannot be reopened')
  if (status && account.sid === context.credentialSid && status !== account.status) throw new TwilioApiError(403, 20005, 'An account cannot change its own status')
  touch(account, { status: (status ?? undefined) as Account['status'] | undefined, friendlyName: text(context.params, 'FriendlyName') })
  if (account.status === 'closed') releaseEverything(context, account.sid)
  return json(context.res, 200, accountJson(account))
}

function releaseEverything({ store }: RestContext, accountSid: string) {
  for (const [sid, number] of store.numbers) if (number.accountSid === accountSid) store.numbers.delete(sid)
  for (const [sid, key] of store.keys) if (key.accountSid === accountSid) store.keys.delete(sid)
}

// --- Keys -------------------------------------------------------------------------------------

export function createKey(context: RestContext) {
  const account = pathAccount(context)
  const now = new Date()
  const key = { sid: newSid('SK'), accountSid: account.sid, secret: randomBytes(24).toString('base64url').slice(0, 32), friendlyName: text(context.params, 'FriendlyName') ?? '', dateCreated: now, dateUpdated: now }
  context.store.keys.set(key.sid, key)
  // The secret is shown once, in this response; Twilio never returns it again.
  return json(context.res, 201, keyJson(key, true))
}

export function listKeys(context: RestContext) {
  const account = pathAccount(context)
  const keys = [...context.store.keys.values()].filter((key) => key.accountSid === account.sid).map((key) => keyJson(key))
  return json(context.res, 200, page('keys', `${API}/Accounts/${account.sid}/Keys.json`, keys, context.params))
}

export function fetchKey(context: RestContext) {
  return json(context.res, 200, keyJson(owned(context.store.keys, context.path.Sid, pathAccount(context).sid, 'Key')))
}

export function updateKey(context: RestContext) {
  const key = owned(context.store.keys, context.path.Sid, pathAccount(context).sid, 'Key')
  return json(context.res, 200, keyJson(touch(key, { friendlyName: text(context.params, 'FriendlyName') })))
}

export function deleteKey(context: RestContext) {
  const key = owned(context.store.keys, context.path.Sid, pathAccount(context).sid, 'Key')
  context.store.keys.delete(key.sid)
  return json(context.res, 204)
}

// --- Applications -----------------------------------------------------------------------------

const VOICE_PARAMS = {
  voiceUrl: 'VoiceUrl',
  voiceMethod: 'VoiceMethod',
  voiceFallbackUrl: 'VoiceFallbackUrl',
  voiceFallbackMethod: 'VoiceFallbackMethod',
  statusCallback: 'StatusCallback',
  statusCallbackMethod: 'StatusCallbackMethod',
} as const

/** The voice settings and name a create or update request carries (absent ones undefined). */
function voiceChanges(params: URLSearchParams): Partial<VoiceConfig> & { friendlyName?: string } {
  const changes = Object.fromEntries(Object.entries(VOICE_PARAMS).map(([field, param]) => [field, text(params, param)]))
  return { friendlyName: text(params, 'FriendlyName'), ...changes }
}

/** Twilio's defaults for what a create request leaves out. */
function voiceConfig(changes: Partial<VoiceConfig>): VoiceConfig {
  return {
    voiceUrl: changes.voiceUrl ?? null,
    voiceMethod: changes.voiceMethod ?? 'POST',
    voiceFallbackUrl: changes.voiceFallbackUrl ?? null,
    voiceFallbackMethod: changes.voiceFallbackMethod ?? 'POST',
    statusCallback: changes.statusCallback ?? null,
    statusCallbackMethod: changes.statusCallbackMethod ?? 'POST',
  }
}

export function createApplication(context: RestContext) {
  const account = pathAccount(context)
  const now = new Date()
  const changes = voiceChanges(context.params)
  const application = { sid: newSid('AP'), accountSid: account.sid, friendlyName: changes.friendlyName ?? '', ...voiceConfig(changes), dateCreated: now, dateUpdated: now }
  context.store.applications.set(application.sid, application)
  return json(context.res, 201, applicationJson(application))
}

export function listApplications(context: RestContext) {
  const account = pathAccount(context)
  const name = context.params.get('FriendlyName')
  const apps = [...context.store.applications.values()].filter((app) => app.accountSid === account.sid && (!name || app.friendlyName === name)).map(applicationJson)
  return json(context.res, 200, page('applications', `${API}/Accounts/${account.sid}/Applications.json`, apps, context.params))
}

export function fetchApplication(context: RestContext) {
  return json(context.res, 200, applicationJson(owned(context.store.applications, context.path.Sid, pathAccount(context).sid, 'Application')))
}

export function updateApplication(context: RestContext) {
  const app = owned(context.store.applications, context.path.Sid, pathAccount(context).sid, 'Application')
  return json(context.res, 200, applicationJson(touch(app, voiceChanges(context.params))))
}

export function deleteApplication(context: RestContext) {
  const app = owned(context.store.applications, context.path.Sid, pathAccount(context).sid, 'Application')
  context.store.applications.delete(app.sid)
  return json(context.res, 204)
}

// --- Phone numbers ----------------------------------------------------------------------------

export function searchAvailable(context: RestContext) {
  const account = pathAccount(context)
  const { params, path, store } = context
  if (path.CountryCode !== 'US') return json(context.res, 200, page('available_phone_numbers', context.req.url!.split('?')[0]!, [], params))
  const containsParam = params.get('Contains')
  const contains = containsParam ? containsPattern(containsParam) : undefined
  if (contains === null) throw badParam(21401, `Invalid Contains pattern: ${containsParam}`)
  const found = searchInventory({
    tollFree: path.Type === 'TollFree',
    areaCode: params.get('AreaCode') ?? undefined,
    contains,
    inRegion: params.get('InRegion') ?? undefined,
    isAvailable: (phoneNumber) => !store.numberByPhoneNumber(phoneNumber),
  })
  const numbers = found.map((number) => ({
    friendly_name: number.friendlyName, phone_number: number.phoneNumber, lata: null, locality: number.locality, rate_center: number.rateCenter,
    latitude: null, longitude: null, region: number.region, postal_code: number.postalCode, iso_country: 'US', address_requirements: 'none', beta: false,
    capabilities: { voice: true, SMS: true, MMS: !number.tollFree, fax: false },
  }))
  // Twilio returns one page of at most PageSize (default 50) matches, without further pages.
  const pageSize = Math.min(Number(params.get('PageSize') ?? 50) || 50, 1000)
  return json(context.res, 200, { available_phone_numbers: numbers.slice(0, pageSize), uri: `${API}/Accounts/${account.sid}/AvailablePhoneNumbers/US/${path.Type}.json` })
}

function numberChanges(params: URLSearchParams) {
  return { ...voiceChanges(params), voiceApplicationSid: text(params, 'VoiceApplicationSid') }
}

function checkApplication(context: RestContext, accountSid: string, sid: string | undefined) {
  if (sid && context.store.applications.get(sid)?.accountSid !== accountSid) throw badParam(21606, `VoiceApplicationSid ${sid} is not an application of this account`)
}

export function buyNumber(context: RestContext) {
  const account = pathAccount(context)
  const { params, store } = context
  let phoneNumber = params.get('PhoneNumber')
  const areaCode = params.get('AreaCode')
  if (!phoneNumber && !areaCode) throw badParam(21421, 'PhoneNumber or AreaCode is required')
  if (phoneNumber && !E164.test(phoneNumber)) throw badParam(21421, `PhoneNumber ${phoneNumber} is invalid`)
  if (!phoneNumber) phoneNumber = searchInventory({ tollFree: false, areaCode: areaCode!, isAvailable: (n) => !store.numberByPhoneNumber(n) })[0]?.phoneNumber ?? null
  if (!phoneNumber || !inventoryNumber(phoneNumber) || store.numberByPhoneNumber(phoneNumber)) {
    throw badParam(21422, `PhoneNumber ${phoneNumber ?? `in area code ${areaCode}`} is not available`)
  }
  const changes = numberChanges(params)
  checkApplication(context, account.sid, changes.voiceApplicationSid)
  const now = new Date()
  const number: IncomingNumber = {
    sid: newSid('PN'), accountSid: account.sid, phoneNumber, friendlyName: changes.friendlyName ?? inventoryNumber(phoneNumber)!.friendlyName, ...voiceConfig(changes),
    voiceApplicationSid: changes.voiceApplicationSid ?? null, capabilities: { voice: true, sms: true, mms: !inventoryNumber(phoneNumber)!.tollFree }, dateCreated: now, dateUpdated: now,
  }
  store.numbers.set(number.sid, number)
  return json(context.res, 201, numberJson(number))
}

export function listNumbers(context: RestContext) {
  const account = pathAccount(context)
  const phoneNumber = context.params.get('PhoneNumber')
  const numbers = [...context.store.numbers.values()].filter((n) => n.accountSid === account.sid && (!phoneNumber || n.phoneNumber === phoneNumber)).map(numberJson)
  return json(context.res, 200, page('incoming_phone_numbers', `${API}/Accounts/${account.sid}/IncomingPhoneNumbers.json`, numbers, context.params))
}

export function fetchNumber(context: RestContext) {
  return json(context.res, 200, numberJson(owned(context.store.numbers, context.path.Sid, pathAccount(context).sid, 'IncomingPhoneNumber')))
}

export function updateNumber(context: RestContext) {
  const account = pathAccount(context)
  const number = owned(context.store.numbers, context.path.Sid, account.sid, 'IncomingPhoneNumber')
  const changes = numberChanges(context.params)
  checkApplication(context, account.sid, changes.voiceApplicationSid)
  return json(context.res, 200, numberJson(touch(number, changes)))
}

export function releaseNumber(context: RestContext) {
  const number = owned(context.store.numbers, context.path.Sid, pathAccount(context).sid, 'IncomingPhoneNumber')
  context.store.numbers.delete(number.sid)
  return json(context.res, 204)
}
