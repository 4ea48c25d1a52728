import { describe, expect, it } from 'vitest'
import { checkDialTarget } from './dial-rules'

const US_CA = ['US', 'CA']

describe('checkDialTarget', () => {
  it('accepts a valid number of an allowed country, normalised to E.164', () => {
    expect(checkDialTarget('+1 (415) 555-0123', US_CA)).toEqual({ ok: true, target: { kind: 'number', e164: '+14155550123', country: 'US' } })
    expect(checkDialTarget('+16135550123', US_CA)).toMatchObject({ ok: true, target: { country: 'CA' } })
  })

  it('accepts an internal call to a colleague’s softphone', () => {
    expect(checkDialTarget('client:ada-123', US_CA)).toEqual({ ok: true, target: { kind: 'client', identity: 'ada-123' } })
  })

  it('refuses numbers not in E.164 form, invalid numbers and countries not enabled, each in plain words', () => {
    expect(checkDialTarget('4155550123', US_CA)).toEqual({ ok: false, message: expect.stringContaining('international format') })
    expect(checkDialTarget('+1415555', US_CA)).toEqual({ ok: false, message: '+1415555 is not a valid phone number.' })
    expect(checkDialTarget('+442079460123', US_CA)).toEqual({ ok: false, message: 'Calls to United Kingdom are not enabled for your organization.' })
    expect(checkDialTarget('+442079460123', ['GB'])).toMatchObject({ ok: true })
  })

  it('refuses emergency and premium-rate numbers', () => {
    for (const emergency of ['911', '112', '+112', '999']) expect(checkDialTarget(emergency, US_CA)).toEqual({ ok: false, message: expect.stringContaining('Emergency calls') })
    expect(checkDialTarget('+19005550123', US_CA)).toEqual({ ok: false, message: expect.stringContaining('premium-rate') })
  })
})
