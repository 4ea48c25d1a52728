import { z } from 'zod'
import type { TwilioClient } from '@/lib/telephony/twilio-client'
import { twilioHttpError } from './twilio-access'

// Number search (spec: "Number Purchase Flow"): Twilio's AvailablePhoneNumbers in the
// organization's subaccount, with the monthly price from Twilio's Pricing API.

const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' || value === null ? undefined : value), schema.optional())

export const searchSchema = z.object({
  country: z.enum(['US', 'CA'], { message: 'Choose the United States or Canada.' }).default('US'),
  type: z.enum(['local', 'tollFree'], { message: 'Choose local or toll-free.' }).default('local'),
  areaCode: optional(z.string().regex(/^[2-9]\d\d$/, 'An area code is three digits, not starting with 0 or 1.')),
  // Twilio's Contains: digits and letters (keypad), * for any one digit.
  contains: optional(z.string().trim().regex(/^[0-9A-Za-z*]{2,16}$/, 'Use 2 to 16 digits or letters; * matches any digit.')),
  region: optional(z.string().trim().regex(/^[A-Za-z]{2}$/, 'Use the two-letter state or province code, such as CA or ON.')),
  page: z.coerce.number().int().min(0).max(9).default(0),
  pageSize: z.coerce.number().int().min(1).max(50).default(20),
})
export type NumberSearch = z.infer<typeof searchSchema>

export interface AvailableNumber {
  phoneNumber: string
  friendlyName: string
  locality: string | null
  region: string | null
  country: string
  capabilities: { voice: boolean; sms: boolean; mms: boolean }
}

/** When a search finds nothing, the nearest broader search: drop the most specific filter first. */
export function broaderSearch(search: NumberSearch): { search: NumberSearch; message: string } | null {
  const { contains, areaCode, region, type } = search
  if (contains) return { search: { ...search, contains: undefined, page: 0 }, message: `No numbers contain “${contains}”. Try without the digits filter.` }
  if (areaCode && region) return { search: { ...search, areaCode: undefined, page: 0 }, message: `No numbers in area code ${areaCode}. Try anywhere in ${region.toUpperCase()}.` }
  if (areaCode) return { search: { ...search, areaCode: undefined, page: 0 }, message: `No numbers in area code ${areaCode}. Try without an area code.` }
  if (region) return { search: { ...search, region: undefined, page: 0 }, message: `No numbers in ${region.toUpperCase()}. Try the whole country.` }
  if (type === 'local') return { search: { ...search, type: 'tollFree', page: 0 }, message: 'No local numbers are available. Try toll-free numbers.' }
  return null
}

export async function searchAvailableNumbers(client: TwilioClient, search: NumberSearch) {
  const country = client.availablePhoneNumbers(search.country)
  // Twilio answers one page of matches; we ask for enough to show the requested page and know
  // whether there is another.
  const wanted = (search.page + 1) * search.pageSize + 1
  const filters = {
    limit: wanted,
    pageSize: wanted,
    ...(search.areaCode && { areaCode: Number(search.areaCode) }),
    ...(search.contains && { contains: search.contains }),
    ...(search.region && { inRegion: search.region.toUpperCase() }),
  }
  const listing = search.type === 'local' ? country.local.list(filters) : country.tollFree.list(filters)
  const [found, price] = await Promise.all([
    listing.catch((error: unknown) => {
      throw twilioHttpError(error, 'number search')
    }),
    monthlyPrice(client, search),
  ])
  const start = search.page * search.pageSize
  const numbers: AvailableNumber[] = found.slice(start, start + search.pageSize).map((number) => ({
    phoneNumber: number.phoneNumber,
    friendlyName: number.friendlyName,
    locality: number.locality ?? null,
    region: number.region ?? null,
    country: number.isoCountry,
    capabilities: { voice: Boolean(number.capabilities.voice), sms: Boolean(number.capabilities.sms), mms: Boolean(number.capabilities.mms) },
  }))
  return {
    numbers,
    page: search.page,
    hasMore: found.length > start + search.pageSize,
    monthlyPrice: price,
    ...(numbers.length === 0 && { suggestion: broaderSearch(search) }),
  }
}

/** The monthly price of this country's number type, or null when Twilio's Pricing API has none. */
export async function monthlyPrice(client: TwilioClient, search: Pick<NumberSearch, 'country' | 'type'>) {
  try {
    const prices = await client.pricing.v1.phoneNumbers.countries(search.country).fetch()
    const numberType = search.type === 'local' ? 'local' : 'toll free'
    const entry = prices.phoneNumberPrices.find((price) => price.numberType === numberType)
    return entry?.currentPrice === undefined ? null : { amount: String(entry.currentPrice), currency: prices.priceUnit }
  } catch (error) {
    // The price is shown for information; a search still works without it.
    console.error('Twilio pricing lookup failed', error instanceof Error ? error.message : error)
    return null
  }
}
