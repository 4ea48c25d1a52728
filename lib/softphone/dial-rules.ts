import { parsePhoneNumberFromString } from 'libphonenumber-js/max'

// Where an agent may call from the softphone. Pure, and shared by the dial pad (a clear message
// before anything is placed) and the TwiML App's voice URL (which decides for real): a number in
// E.164 form, valid for its country, in the organization's allowed countries, and neither premium
// rate (the toll-fraud risk of a hijacked session) nor an emergency number — the softphone has no
// registered emergency address (https://www.twilio.com/docs/voice/emergency-calling), so those
// calls belong on a phone that does. `client:<identity>` is an internal call to a colleague.
// Number types come from libphonenumber's full metadata (libphonenumber-js/max).

export type DialTarget = { kind: 'number'; e164: string; country: string } | { kind: 'client'; identity: string }
export type DialCheck = { ok: true; target: DialTarget } | { ok: false; message: string }

/** Emergency short codes of the countries we allow calls in and the common international ones. */
const EMERGENCY_NUMBERS = new Set(['911', '112', '999', '000', '110', '119', '118', '100', '101', '102', '108', '933'])
const IDENTITY = /^client:([A-Za-z0-9_.-]{1,121})$/

const countryName = (code: string) => new Intl.DisplayNames(['en'], { type: 'region' }).of(code) ?? code

export function checkDialTarget(input: string, allowedCountries: readonly string[]): DialCheck {
  const text = input.trim()
  const client = IDENTITY.exec(text)
  if (client) return { ok: true, target: { kind: 'client', identity: client[1]! } }
  const digits = text.replace(/[\s().-]/g, '')
  if (EMERGENCY_NUMBERS.has(digits.replace(/^\+/, ''))) return { ok: false, message: 'Emergency calls cannot be made from the softphone. Please use a mobile or landline phone.' }
  if (!/^\+[1-9]\d{6,14}$/.test(digits)) return { ok: false, message: 'Enter the number in international format, starting with + and the country code, for example +14155550123.' }
  const number = parsePhoneNumberFromString(digits)
  if (!number?.isValid() || !number.country) return { ok: false, message: `${digits} is not a valid phone number.` }
  if (!allowedCountries.includes(number.country)) return { ok: false, message: `Calls to ${countryName(number.country)} are not enabled for your organization.` }
  const type = number.getType()
  if (type === 'PREMIUM_RATE' || type === 'SHARED_COST') return { ok: false, message: `${number.formatInternational()} is a premium-rate number; calls to it are blocked.` }
  return { ok: true, target: { kind: 'number', e164: number.number, country: number.country } }
}
