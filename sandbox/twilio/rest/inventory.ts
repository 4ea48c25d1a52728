// A deterministic inventory of US and Canadian numbers for AvailablePhoneNumbers: the same search always finds
// the same numbers, on every machine, so tests and demos can name them. Numbers bought in the
// sandbox are left out of searches until they are released.

export type IsoCountry = 'US' | 'CA'

export interface AvailableNumber {
  isoCountry: IsoCountry
  phoneNumber: string
  friendlyName: string
  locality: string | null
  region: string | null
  postalCode: string | null
  rateCenter: string | null
  lata: string | null
  latitude: number | null
  longitude: number | null
  tollFree: boolean
}

/** Area codes with the place Twilio reports for their numbers (LATA and rate centre as in the NANP). */
const LOCAL_AREAS = [
  { areaCode: '415', locality: 'San Francisco', region: 'CA', postalCode: '94103', rateCenter: 'SNFC CNTRL', lata: '722', latitude: 37.7749, longitude: -122.4194 },
  { areaCode: '212', locality: 'New York', region: 'NY', postalCode: '10001', rateCenter: 'NWYRCYZN01', lata: '132', latitude: 40.7128, longitude: -74.006 },
  { areaCode: '312', locality: 'Chicago', region: 'IL', postalCode: '60601', rateCenter: 'CHICAGO', lata: '358', latitude: 41.8781, longitude: -87.6298 },
  { areaCode: '512', locality: 'Austin', region: 'TX', postalCode: '78701', rateCenter: 'AUSTIN', lata: '558', latitude: 30.2672, longitude: -97.7431 },
  { areaCode: '206', locality: 'Seattle', region: 'WA', postalCode: '98101', rateCenter: 'SEATTLE', lata: '674', latitude: 47.6062, longitude: -122.3321 },
  { areaCode: '303', locality: 'Denver', region: 'CO', postalCode: '80202', rateCenter: 'DENVER', lata: '656', latitude: 39.7392, longitude: -104.9903 },
  { areaCode: '617', locality: 'Boston', region: 'MA', postalCode: '02108', rateCenter: 'BOSTON', lata: '128', latitude: 42.3601, longitude: -71.0589 },
  { areaCode: '305', locality: 'Miami', region: 'FL', postalCode: '33130', rateCenter: 'MIAMI', lata: '460', latitude: 25.7617, longitude: -80.1918 },
  { areaCode: '510', locality: 'Oakland', region: 'CA', postalCode: '94612', rateCenter: 'OKLD MN', lata: '722', latitude: 37.8044, longitude: -122.2712 },
  { areaCode: '646', locality: 'New York', region: 'NY', postalCode: '10016', rateCenter: 'NWYRCYZN03', lata: '132', latitude: 40.7456, longitude: -73.9789 },
]
/** Canadian area codes (NANP, so the same number format), with the regions Twilio reports (province codes). */
const CANADIAN_AREAS = [
  { areaCode: '416', locality: 'Toronto', region: 'ON', postalCode: 'M5H', rateCenter: 'TORONTO', lata: '888', latitude: 43.6532, longitude: -79.3832 },
  { areaCode: '604', locality: 'Vancouver', region: 'BC', postalCode: 'V6B', rateCenter: 'VANCOUVER', lata: '888', latitude: 49.2827, longitude: -123.1207 },
  { areaCode: '514', locality: 'Montreal', region: 'QC', postalCode: 'H2Y', rateCenter: 'MONTREAL', lata: '888', latitude: 45.5017, longitude: -73.5673 },
]
export const TOLL_FREE_PREFIXES = ['800', '833', '844', '855', '866', '877', '888']
const NUMBERS_PER_LOCAL_AREA = 40
const NUMBERS_PER_TOLL_FREE_PREFIX = 20
const NUMBERS_PER_CANADIAN_TOLL_FREE_PREFIX = 5

// mulberry32: a tiny seeded PRNG.
function seeded(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** NANP rules: an exchange starts with 2-9, is not an N11 service code, and 555 is fictional. */
const validExchange = (exchange: number) => exchange % 100 !== 11 && exchange !== 555

function generate(prefix: string, count: number, seed: number): string[] {
  const random = seeded(seed)
  const numbers = new Set<string>()
  while (numbers.size < count) {
    const exchange = 200 + Math.floor(random() * 800)
    const line = Math.floor(random() * 10000)
    if (validExchange(exchange)) numbers.add(`${prefix}${exchange}${String(line).padStart(4, '0')}`)
  }
  return [...numbers].sort()
}

/** How Twilio shows a North American number (friendly_name, from_formatted): "(415) 555-0100"; others as given. */
export function nationalFormat(phoneNumber: string): string {
  const digits = /^\+1(\d{10})$/.exec(phoneNumber)?.[1]
  return digits ? `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}` : phoneNumber
}

const localNumbers = (isoCountry: IsoCountry, areas: typeof LOCAL_AREAS) =>
  areas.flatMap(({ areaCode, ...place }) =>
    generate(areaCode, NUMBERS_PER_LOCAL_AREA, Number(areaCode)).map((digits) => ({ isoCountry, phoneNumber: `+1${digits}`, friendlyName: nationalFormat(`+1${digits}`), ...place, tollFree: false })),
  )

// Toll-free numbers are shared across the NANP; Twilio lists some under CA/TollFree for Canadian use.
const tollFreeNumbers = (isoCountry: IsoCountry, perPrefix: number, seedFactor: number) =>
  TOLL_FREE_PREFIXES.flatMap((prefix) =>
    generate(prefix, perPrefix, Number(prefix) * seedFactor).map((digits) => ({
      isoCountry,
      phoneNumber: `+1${digits}`,
      friendlyName: nationalFormat(`+1${digits}`),
      locality: null,
      region: null,
      postalCode: null,
      rateCenter: null,
      lata: null,
      latitude: null,
      longitude: null,
      tollFree: true,
    })),
  )

const usTollFree = tollFreeNumbers('US', NUMBERS_PER_TOLL_FREE_PREFIX, 7)
const usTaken = new Set(usTollFree.map((number) => number.phoneNumber))

export const INVENTORY: AvailableNumber[] = [
  ...localNumbers('US', LOCAL_AREAS),
  ...usTollFree,
  ...localNumbers('CA', CANADIAN_AREAS),
  ...tollFreeNumbers('CA', NUMBERS_PER_CANADIAN_TOLL_FREE_PREFIX, 13).filter((number) => !usTaken.has(number.phoneNumber)),
]

const byPhoneNumber = new Map(INVENTORY.map((number) => [number.phoneNumber, number]))
export const inventoryNumber = (phoneNumber: string) => byPhoneNumber.get(phoneNumber)

const KEYPAD = ['abc', 'def', 'ghi', 'jkl', 'mno', 'pqrs', 'tuv', 'wxyz']
const keypadDigit = (letter: string) => String(KEYPAD.findIndex((letters) => letters.includes(letter)) + 2)

/**
 * Twilio's `Contains` (twilio-node 6.2 docs for AvailablePhoneNumbers): 2 to 16 characters of
 * digits and letters (letters as on a phone keypad, "STORE" = 78673), plus meta-characters:
 * `*` any one digit and `%` any run of digits, only at the beginning or end (never between other
 * characters, and then with at least two non-meta characters); a leading `+` anchors the start
 * of the E.164 number and a trailing `$` its end; different meta-characters may not touch.
 * Returns the pattern as a regex over the E.164 digits, or an error message.
 */
export function containsPattern(pattern: string): RegExp | string {
  if (pattern.length < 2 || pattern.length > 16) return 'Contains must be 2 to 16 characters long'
  if (!/^\+?[0-9a-zA-Z*%]+\$?$/.test(pattern)) return 'Contains may only hold digits, letters, *, % and a leading + or trailing $'
  const body = pattern.replace(/^\+/, '').replace(/\$$/, '')
  const core = body.replace(/^[*%]+/, '').replace(/[*%]+$/, '')
  if (/[*%]/.test(core)) return 'Contains may only use wildcards at the beginning or end'
  if (core.length < 2 && core.length !== body.length) return 'Contains with wildcards needs at least two other characters'
  if (/[*%+$]{2}/.test(pattern.replace(/\*+/g, '*').replace(/%+/g, '%'))) return 'Contains meta-characters may not be adjacent'
  const source = [...body.toLowerCase()].map((char) => (char === '*' ? '\\d' : char === '%' ? '\\d*' : /[a-z]/.test(char) ? keypadDigit(char) : char)).join('')
  return new RegExp(`${pattern.startsWith('+') ? '^' : ''}${source}${pattern.endsWith('$') ? '$' : ''}`)
}

/**
 * IncomingPhoneNumbers' `PhoneNumber` filter: "partial numbers, with '*' as a wildcard for any
 * digit" — a match anywhere in the E.164 number.
 */
export function partialNumberPattern(partial: string): RegExp {
  const source = [...partial.replace(/[^0-9*]/g, '')].map((char) => (char === '*' ? '\\d' : char)).join('')
  return new RegExp(source)
}

export interface InventorySearch {
  /** Default US. */
  isoCountry?: IsoCountry
  tollFree: boolean
  areaCode?: string
  contains?: RegExp
  inRegion?: string
  inLocality?: string
  inPostalCode?: string
  inRateCenter?: string
  inLata?: string
  isAvailable(phoneNumber: string): boolean
}

const sameText = (filter: string | undefined, value: string | null) => !filter || filter.toLowerCase() === value?.toLowerCase()

export function searchInventory(search: InventorySearch): AvailableNumber[] {
  return INVENTORY.filter(
    (number) =>
      number.isoCountry === (search.isoCountry ?? 'US') &&
      number.tollFree === search.tollFree &&
      (!search.areaCode || number.phoneNumber.startsWith(`+1${search.areaCode}`)) &&
      (!search.contains || search.contains.test(number.phoneNumber.slice(1))) &&
      sameText(search.inRegion, number.region) &&
      sameText(search.inLocality, number.locality) &&
      sameText(search.inPostalCode, number.postalCode) &&
      sameText(search.inRateCenter, number.rateCenter) &&
      sameText(search.inLata, number.lata) &&
      search.isAvailable(number.phoneNumber),
  )
}
