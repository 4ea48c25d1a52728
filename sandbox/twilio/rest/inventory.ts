// A deterministic inventory of US numbers for AvailablePhoneNumbers: the same search always
// finds the same numbers, so tests and demos can name them.

export interface AvailableNumber {
  phoneNumber: string
  friendlyName: string
  locality: string | null
  region: string | null
  postalCode: string | null
  rateCenter: string | null
  tollFree: boolean
}

const LOCAL_AREAS = [
  { areaCode: '415', locality: 'San Francisco', region: 'CA', postalCode: '94103' },
  { areaCode: '212', locality: 'New York', region: 'NY', postalCode: '10001' },
  { areaCode: '312', locality: 'Chicago', region: 'IL', postalCode: '60601' },
  { areaCode: '512', locality: 'Austin', region: 'TX', postalCode: '78701' },
  { areaCode: '206', locality: 'Seattle', region: 'WA', postalCode: '98101' },
  { areaCode: '303', locality: 'Denver', region: 'CO', postalCode: '80202' },
  { areaCode: '617', locality: 'Boston', region: 'MA', postalCode: '02108' },
  { areaCode: '305', locality: 'Miami', region: 'FL', postalCode: '33130' },
]
const TOLL_FREE_PREFIXES = ['800', '833', '844', '855', '866', '877', '888']
const NUMBERS_PER_LOCAL_AREA = 40
const NUMBERS_PER_TOLL_FREE_PREFIX = 20

// mulberry32: a tiny seeded PRNG, so the inventory is the same on every machine.
function seeded(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const format = (digits: string) => `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}`

function generate(prefix: string, count: number, seed: number): string[] {
  const random = seeded(seed)
  const numbers = new Set<string>()
  while (numbers.size < count) {
    const exchange = 200 + Math.floor(random() * 800)
    const line = Math.floor(random() * 10000)
    numbers.add(`${prefix}${exchange}${String(line).padStart(4, '0')}`)
  }
  return [...numbers].sort()
}

export const INVENTORY: AvailableNumber[] = [
  ...LOCAL_AREAS.flatMap((area) =>
    generate(area.areaCode, NUMBERS_PER_LOCAL_AREA, Number(area.areaCode)).map((digits) => ({
      phoneNumber: `+1${digits}`,
      friendlyName: format(digits),
      locality: area.locality,
      region: area.region,
      postalCode: area.postalCode,
      rateCenter: area.locality.toUpperCase().slice(0, 10),
      tollFree: false,
    })),
  ),
  ...TOLL_FREE_PREFIXES.flatMap((prefix) =>
    generate(prefix, NUMBERS_PER_TOLL_FREE_PREFIX, Number(prefix) * 7).map((digits) => ({
      phoneNumber: `+1${digits}`,
      friendlyName: format(digits),
      locality: null,
      region: null,
      postalCode: null,
      rateCenter: null,
      tollFree: true,
    })),
  ),
]

const KEYPAD: Record<string, string> = { abc: '2', def: '3', ghi: '4', jkl: '5', mno: '6', pqrs: '7', tuv: '8', wxyz: '9' }
const letterDigit = (letter: string) => Object.entries(KEYPAD).find(([letters]) => letters.includes(letter))![1]

/** Twilio's Contains: digits, letters (as on a keypad) and `*` for any one digit, anywhere in the number. */
export function containsPattern(pattern: string): RegExp | null {
  if (!/^[0-9a-zA-Z*]+$/.test(pattern)) return null
  const source = [...pattern.toLowerCase()].map((char) => (char === '*' ? '\\d' : /[a-z]/.test(char) ? letterDigit(char) : char)).join('')
  return new RegExp(source)
}

export interface InventorySearch {
  tollFree: boolean
  areaCode?: string
  contains?: RegExp
  inRegion?: string
  isAvailable(phoneNumber: string): boolean
}

export function searchInventory(search: InventorySearch): AvailableNumber[] {
  return INVENTORY.filter(
    (number) =>
      number.tollFree === search.tollFree &&
      (!search.areaCode || number.phoneNumber.startsWith(`+1${search.areaCode}`)) &&
      (!search.inRegion || number.region === search.inRegion.toUpperCase()) &&
      (!search.contains || search.contains.test(number.phoneNumber.slice(1))) &&
      search.isAvailable(number.phoneNumber),
  )
}

export const inventoryNumber = (phoneNumber: string) => INVENTORY.find((number) => number.phoneNumber === phoneNumber)
