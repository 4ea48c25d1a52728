import { badParam, invalidParam, notFound } from '../errors'
import { newSid, type IncomingNumber } from '../store'
import { owned, param, pathAccount, requestPath, touch } from './access'
import { voiceChanges, voiceConfig } from './applications'
import type { RestContext } from './context'
import { json } from './http'
import { containsPattern, inventoryNumber, partialNumberPattern, searchInventory, type AvailableNumber, type IsoCountry } from './inventory'
import { API, numberJson, page, pageWindow } from './serialize'

// AvailablePhoneNumbers (searching the inventory) and IncomingPhoneNumbers (the numbers an
// account owns: buy, configure, release).

const E164 = /^\+[1-9]\d{6,14}$/
/** A North American area code: NPA digits, first 2-9 (error 21451 otherwise). */
const AREA_CODE = /^[2-9]\d\d$/
/** The countries the sandbox stocks, and the number types it searches in each. */
const COUNTRIES: Record<IsoCountry, string> = { US: 'United States', CA: 'Canada' }
const TYPES: Record<string, { tollFree: boolean; key: string }> = { Local: { tollFree: false, key: 'local' }, TollFree: { tollFree: true, key: 'toll_free' } }
const isCountry = (code: string | undefined): code is IsoCountry => code !== undefined && code in COUNTRIES

function checkAreaCode(areaCode: string | undefined): string | undefined {
  if (areaCode !== undefined && !AREA_CODE.test(areaCode)) throw badParam(21451, `Invalid area code: ${areaCode}`)
  return areaCode
}

const isAvailable = (context: RestContext) => (phoneNumber: string) => !context.store.numberByPhoneNumber(phoneNumber)

function countryJson(accountSid: string, isoCountry: IsoCountry) {
  const uri = `${API}/Accounts/${accountSid}/AvailablePhoneNumbers/${isoCountry}`
  const subresources = Object.fromEntries(Object.entries(TYPES).map(([type, { key }]) => [key, `${uri}/${type}.json`]))
  return { country_code: isoCountry, country: COUNTRIES[isoCountry], uri: `${uri}.json`, beta: false, subresource_uris: subresources }
}

export function listCountries(context: RestContext) {
  const account = pathAccount(context)
  return json(context.res, 200, { countries: (Object.keys(COUNTRIES) as IsoCountry[]).map((code) => countryJson(account.sid, code)), uri: `${API}/Accounts/${account.sid}/AvailablePhoneNumbers.json` })
}

export function fetchCountry(context: RestContext) {
  const account = pathAccount(context)
  const code = context.path.CountryCode
  if (!isCountry(code)) throw notFound(requestPath(context))
  return json(context.res, 200, countryJson(account.sid, code))
}

function availableJson(number: AvailableNumber) {
  return {
    friendly_name: number.friendlyName,
    phone_number: number.phoneNumber,
    lata: number.lata,
    locality: number.locality,
    rate_center: number.rateCenter,
    // Twilio sends coordinates as decimal strings.
    latitude: number.latitude?.toFixed(6) ?? null,
    longitude: number.longitude?.toFixed(6) ?? null,
    region: number.region,
    postal_code: number.postalCode,
    iso_country: number.isoCountry,
    address_requirements: 'none',
    beta: false,
    capabilities: { voice: true, sms: true, mms: !number.tollFree, fax: false },
  }
}

export function searchAvailable(context: RestContext) {
  const account = pathAccount(context)
  const { params, path } = context
  const isoCountry = path.CountryCode
  const type = isCountry(isoCountry) ? TYPES[path.Type!] : undefined
  if (!type || !isCountry(isoCountry)) throw notFound(requestPath(context))
  const containsParam = param(params, 'Contains')
  const contains = containsParam === undefined ? undefined : containsPattern(containsParam)
  if (typeof contains === 'string') throw invalidParam(`Invalid Contains pattern ${containsParam}: ${contains}`)
  const found = searchInventory({
    isoCountry,
    tollFree: type.tollFree,
    areaCode: checkAreaCode(param(params, 'AreaCode')),
    contains,
    inRegion: param(params, 'InRegion'),
    inLocality: param(params, 'InLocality'),
    inPostalCode: param(params, 'InPostalCode'),
    inRateCenter: param(params, 'InRateCenter'),
    inLata: param(params, 'InLata'),
    isAvailable: isAvailable(context),
  })
  // A search answers one page of at most PageSize matches (default 50), with no further pages.
  const { pageSize } = pageWindow(params)
  const uri = `${API}/Accounts/${account.sid}/AvailablePhoneNumbers/${isoCountry}/${path.Type}.json`
  return json(context.res, 200, page('available_phone_numbers', uri, found.slice(0, pageSize).map(availableJson), params))
}

function numberChanges(params: URLSearchParams) {
  // An empty VoiceApplicationSid (or SmsApplicationSid) detaches the application.
  const applicationSid = (name: string) => {
    const sid = param(params, name)
    return sid === '' ? null : sid
  }
  return { ...voiceChanges(params), voiceApplicationSid: applicationSid('VoiceApplicationSid'), smsApplicationSid: applicationSid('SmsApplicationSid') }
}

/** A VoiceApplicationSid must name one of the account's applications: 21420 when buying, 22108 when configuring. */
function checkApplication(context: RestContext, accountSid: string, sid: string | null | undefined, code: 21420 | 22108) {
  if (sid && context.store.applications.get(sid)?.accountSid !== accountSid) throw badParam(code, `VoiceApplicationSid ${sid} is not an application of this account`)
}

/** The number a purchase asks for: the given E.164 number, or the first available in AreaCode. */
function numberToBuy(context: RestContext): AvailableNumber {
  const phoneNumber = param(context.params, 'PhoneNumber')
  const areaCode = checkAreaCode(param(context.params, 'AreaCode'))
  if (phoneNumber === undefined && areaCode === undefined) throw invalidParam('Missing required parameter PhoneNumber or AreaCode in the post body')
  if (phoneNumber !== undefined && !E164.test(phoneNumber)) throw badParam(21421, `PhoneNumber ${phoneNumber} is invalid`)
  const wanted = phoneNumber !== undefined ? inventoryNumber(phoneNumber) : searchInventory({ tollFree: false, areaCode, isAvailable: isAvailable(context) })[0]
  if (!wanted || context.store.numberByPhoneNumber(wanted.phoneNumber)) throw badParam(21422, `PhoneNumber ${phoneNumber ?? `in area code ${areaCode}`} is not available`)
  return wanted
}

export function buyNumber(context: RestContext) {
  const account = pathAccount(context)
  const available = numberToBuy(context)
  const changes = numberChanges(context.params)
  checkApplication(context, account.sid, changes.voiceApplicationSid, 21420)
  const now = context.now()
  const number: IncomingNumber = {
    sid: newSid('PN'),
    accountSid: account.sid,
    phoneNumber: available.phoneNumber,
    friendlyName: changes.friendlyName ?? available.friendlyName,
    ...voiceConfig(changes),
    voiceApplicationSid: changes.voiceApplicationSid ?? null,
    smsApplicationSid: changes.smsApplicationSid ?? null,
    capabilities: { voice: true, sms: true, mms: !available.tollFree },
    dateCreated: now,
    dateUpdated: now,
  }
  context.store.numbers.set(number.sid, number)
  return json(context.res, 201, numberJson(number))
}

export function listNumbers(context: RestContext) {
  const account = pathAccount(context)
  const partial = param(context.params, 'PhoneNumber')
  const pattern = partial === undefined ? undefined : partialNumberPattern(partial)
  const name = param(context.params, 'FriendlyName')
  const numbers = [...context.store.numbers.values()].filter(
    (number) => number.accountSid === account.sid && (!pattern || pattern.test(number.phoneNumber.slice(1))) && (!name || number.friendlyName === name),
  )
  return json(context.res, 200, page('incoming_phone_numbers', `${API}/Accounts/${account.sid}/IncomingPhoneNumbers.json`, numbers.map(numberJson), context.params))
}

const pathNumber = (context: RestContext) => owned(context, context.store.numbers, context.path.Sid, pathAccount(context).sid)

export function fetchNumber(context: RestContext) {
  return json(context.res, 200, numberJson(pathNumber(context)))
}

export function updateNumber(context: RestContext) {
  const number = pathNumber(context)
  const changes = numberChanges(context.params)
  checkApplication(context, number.accountSid, changes.voiceApplicationSid, 22108)
  return json(context.res, 200, numberJson(touch(number, changes, context.now())))
}

/** Releasing returns the number to the inventory. */
export function releaseNumber(context: RestContext) {
  context.store.numbers.delete(pathNumber(context).sid)
  return json(context.res, 204)
}
