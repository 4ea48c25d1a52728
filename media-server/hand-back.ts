/**
 * Handing a call back to the app when the AI cannot continue (the routing issue decides what
 * happens next: an agent, a queue, voicemail). The app learns it by a POST to
 * APP_CALLBACK_URL, signed with the hand-back key derived from the stream secret over a
 * timestamp, the path and the body (lib/telephony/signed-request.ts), so the app can tell our
 * callback from anyone else's request, and a captured one stops working within minutes.
 */
import { mediaKey } from '../lib/telephony/media-keys'
import { signRequest } from '../lib/telephony/signed-request'
import type { HandBack } from './bridge'
import type { Logger } from './log'

const CALLBACK_TIMEOUT_MS = 5000

export function appHandBack(callbackUrl: string | undefined, secret: string, log: Logger): (handBack: HandBack) => Promise<void> {
  return async (handBack) => {
    const callLog = log.child({ callSid: handBack.callSid, streamSid: handBack.streamSid })
    if (!callbackUrl) return callLog.info('hand-back recorded; no APP_CALLBACK_URL to notify', { reason: handBack.reason })
    const body = JSON.stringify(handBack)
    const url = new URL(callbackUrl)
    const signature = signRequest(mediaKey(secret, 'hand-back'), { method: 'POST', path: url.pathname + url.search, body })
    try {
      const response = await fetch(callbackUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signature },
        body,
        signal: AbortSignal.timeout(CALLBACK_TIMEOUT_MS),
      })
      if (!response.ok) callLog.warn('app refused the hand-back', { status: response.status })
      else callLog.info('app notified of the hand-back')
    } catch (error) {
      callLog.error('could not notify the app of the hand-back', { error })
    }
  }
}
