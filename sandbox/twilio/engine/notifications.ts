/**
 * Errors Twilio reports to the debugger (Monitor → Errors, and the call's Notifications):
 * recorded as an `error` event on the call, and in the store's notifications when it keeps them.
 */
import type { CallSession } from './call-session'

export function notifyError(session: CallSession, code: number, message: string, url: string): void {
  session.ctx.log.add(session.sid, 'error', `${code} ${message}`, { code, message, url, moreInfo: `https://www.twilio.com/docs/errors/${code}` })
}
