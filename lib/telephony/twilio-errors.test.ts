import RestException from 'twilio/lib/base/RestException'
import { describe, expect, it } from 'vitest'
import { describeTwilioError } from './twilio-errors'

// Twilio's failures as people should read them, and whether waiting can help.
const rest = (status: number, code: number, message: string) => new RestException({ statusCode: status, body: { status, code, message, more_info: `https://www.twilio.com/docs/errors/${code}` } })

describe('describing Twilio failures', () => {
  it('keeps the raw answer and gives plain words', () => {
    expect(describeTwilioError(rest(401, 20003, 'Authenticate'))).toEqual({
      message: 'Twilio rejected our credentials. An administrator needs to check the Twilio account settings.',
      retryable: false,
      raw: { message: 'Authenticate', code: 20003, status: 401 },
    })
    expect(describeTwilioError(rest(400, 21422, 'PhoneNumber +14155550100 is not available'))).toMatchObject({ message: 'That number is no longer available. Search again and pick another.', retryable: false })
    expect(describeTwilioError(rest(400, 21999, 'Something new'))).toMatchObject({ message: 'Twilio refused the request (error 21999).', retryable: false })
  })

  it('retries what time can fix: overload, Twilio’s own errors, and no answer at all', () => {
    expect(describeTwilioError(rest(429, 20429, 'Too Many Requests'))).toMatchObject({ retryable: true, message: 'Twilio is busy right now — we will retry.' })
    expect(describeTwilioError(rest(503, 20503, 'Service Unavailable'))).toMatchObject({ retryable: true, message: 'Twilio had a problem on its side — we will retry.' })
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })
    expect(describeTwilioError(reset)).toEqual({ message: 'Twilio did not answer in time — we will retry.', retryable: true, raw: { message: 'socket hang up', network: 'ECONNRESET' } })
  })
})
