// Twilio's failures in words a person can act on. The raw message, code and status stay for the
// server log and the organization's event history; people see `message`. `retryable` says whether
// trying again later can succeed without anyone changing anything.
// Codes: https://www.twilio.com/docs/api/errors

export interface TwilioFailure {
  message: string
  retryable: boolean
  raw: { message: string; code?: number; status?: number; network?: string }
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ECONNABORTED', 'EAI_AGAIN', 'ENOTFOUND', 'EPIPE', 'ERR_SOCKET_CONNECTION_TIMEOUT'])

const BY_CODE: Record<number, string> = {
  20003: 'Twilio rejected our credentials. An administrator needs to check the Twilio account settings.',
  20005: 'The Twilio account is suspended. Contact the platform administrator.',
  20404: 'Twilio no longer has this resource.',
  21421: 'That is not a valid phone number.',
  21422: 'That number is no longer available. Search again and pick another.',
  21451: 'That area code is not valid.',
  21452: 'No numbers are available in that area code. Try a nearby area code.',
}

function isRestException(error: unknown): error is { status: number; code?: number; message: string } {
  return typeof error === 'object' && error !== null && typeof (error as { status?: unknown }).status === 'number' && 'moreInfo' in error
}

export function describeTwilioError(error: unknown): TwilioFailure {
  if (isRestException(error)) {
    const raw = { message: error.message, code: error.code, status: error.status }
    if (error.status === 429 || error.code === 20429) return { message: 'Twilio is busy right now — we will retry.', retryable: true, raw }
    if (error.status >= 500) return { message: 'Twilio had a problem on its side — we will retry.', retryable: true, raw }
    const known = error.code !== undefined ? BY_CODE[error.code] : undefined
    if (known) return { message: known, retryable: false, raw }
    if (error.status === 401) return { message: BY_CODE[20003]!, retryable: false, raw }
    return { message: `Twilio refused the request${error.code ? ` (error ${error.code})` : ''}.`, retryable: false, raw }
  }
  const network = (error as { code?: unknown })?.code
  const message = error instanceof Error ? error.message : String(error)
  if ((typeof network === 'string' && NETWORK_CODES.has(network)) || /socket hang up|timeout/i.test(message)) {
    return { message: 'Twilio did not answer in time — we will retry.', retryable: true, raw: { message, network: typeof network === 'string' ? network : undefined } }
  }
  return { message: 'Something went wrong while talking to Twilio — we will retry.', retryable: true, raw: { message } }
}

/** Twilio's "not found" (the resource was deleted or released). */
export const isTwilioNotFound = (error: unknown) => isRestException(error) && (error.status === 404 || error.code === 20404)
