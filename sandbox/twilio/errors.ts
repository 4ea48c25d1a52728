// Twilio's REST error shape: {code, message, more_info, status}, the HTTP status repeated in the
// body. Codes are from Twilio's error dictionary, https://www.twilio.com/docs/api/errors.
export class TwilioApiError extends Error {
  readonly moreInfo: string

  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message)
    this.moreInfo = `https://www.twilio.com/docs/errors/${code}`
  }

  toJSON() {
    return { code: this.code, message: this.message, more_info: this.moreInfo, status: this.status }
  }
}

/** 20003: the credentials are wrong, or do not reach the account in the path. Twilio's message is "Authenticate". */
export const authenticateError = () => new TwilioApiError(401, 20003, 'Authenticate')

/** 20404: no such resource (for this account). */
export const notFound = (path: string) => new TwilioApiError(404, 20404, `The requested resource ${path} was not found`)

/** A 400 with the error code Twilio gives for this parameter problem. */
export const badParam = (code: number, message: string) => new TwilioApiError(400, code, message)

/** 20001: a missing or malformed parameter that has no more specific code. */
export const invalidParam = (message: string) => badParam(20001, message)

/** 20403: the credentials are valid but may not do this (e.g. a subaccount creating subaccounts). */
export const forbidden = (message: string) => new TwilioApiError(403, 20403, message)
