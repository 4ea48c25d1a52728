/**
 * Errors Twilio reports to the debugger (Monitor → Errors, and the call's Notifications
 * resource): an `error` event in the call's log and a Notification in the store.
 */
import { newSid } from '../store'
import type { CallSession } from './call-session'

// Twilio logs schema validation (12200) and an invalid Gather speechTimeout (13327) as warnings;
// the rest of what the engine reports are errors.
const WARNINGS = new Set([12200, 13327])

export function notifyError(session: CallSession, code: number, message: string, url: string): void {
  session.ctx.log.add(session.sid, 'error', `${code} ${message}`, { code, message, url, moreInfo: `https://www.twilio.com/docs/errors/${code}` })
  const now = new Date(session.ctx.clock.now())
  const notification = {
    sid: newSid('NO'),
    accountSid: session.record.accountSid,
    callSid: session.sid,
    errorCode: code,
    level: WARNINGS.has(code) ? ('warning' as const) : ('error' as const),
    messageText: message,
    requestUrl: url,
    dateCreated: now,
    dateUpdated: now,
  }
  session.ctx.store.notifications.set(notification.sid, notification)
}
