// Twilio's REST error shape: {code, message, more_info, status}. Codes from
// https://www.twilio.com/docs/api/errors (20003 authenticate, 20404 not found, 21421 invalid
// phone number, 21422 number not available, …).
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

export const notFound = (path: string) => new TwilioApiError(404, 20404, `The requested resource ${path} was not found`)
export const badParam = (code: number, message: string) => new TwilioApiError(400, code, message)
