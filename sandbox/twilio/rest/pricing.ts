import { notFound } from '../errors'
import { requestPath } from './access'
import type { RestContext } from './context'
import { json } from './http'

// Pricing API v1, phone numbers (https://www.twilio.com/docs/phone-numbers/pricing): the monthly
// price of each number type in a country. Figures are Twilio's published list prices.
export const PRICING_PATH = '/pricing/v1/PhoneNumbers/Countries'

const PRICES: Record<string, { country: string; prices: { number_type: string; price: string }[] }> = {
  US: { country: 'United States', prices: [{ number_type: 'local', price: '1.15' }, { number_type: 'toll free', price: '2.15' }] },
  CA: { country: 'Canada', prices: [{ number_type: 'local', price: '1.15' }, { number_type: 'toll free', price: '2.15' }] },
}

const PUBLIC = 'https://pricing.twilio.com/v1/PhoneNumbers/Countries'

export function fetchNumberPrices(context: RestContext) {
  const isoCountry = context.path.IsoCountry!
  const entry = PRICES[isoCountry]
  if (!entry) throw notFound(requestPath(context))
  return json(context.res, 200, {
    country: entry.country,
    iso_country: isoCountry,
    phone_number_prices: entry.prices.map(({ number_type, price }) => ({ number_type, base_price: price, current_price: price })),
    price_unit: 'USD',
    url: `${PUBLIC}/${isoCountry}`,
  })
}

export function listNumberPriceCountries(context: RestContext) {
  const countries = Object.entries(PRICES).map(([iso_country, { country }]) => ({ country, iso_country, url: `${PUBLIC}/${iso_country}` }))
  return json(context.res, 200, {
    countries,
    meta: { page: 0, page_size: 50, first_page_url: `${PUBLIC}?PageSize=50&Page=0`, previous_page_url: null, next_page_url: null, url: `${PUBLIC}?PageSize=50&Page=0`, key: 'countries' },
  })
}
