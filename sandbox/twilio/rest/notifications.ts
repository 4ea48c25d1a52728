import { owned, pathAccount } from './access'
import type { RestContext } from './context'
import { json } from './http'
import { API, notificationJson, page } from './serialize'

// Notifications: the errors and warnings Twilio's debugger records for calls (written by the engine).

export function listNotifications(context: RestContext) {
  const account = pathAccount(context)
  const callSid = context.path.CallSid
  if (callSid) owned(context, context.store.calls, callSid, account.sid)
  const uri = callSid ? `${API}/Accounts/${account.sid}/Calls/${callSid}/Notifications.json` : `${API}/Accounts/${account.sid}/Notifications.json`
  const notifications = [...context.store.notifications.values()].filter((n) => n.accountSid === account.sid && (!callSid || n.callSid === callSid))
  return json(context.res, 200, page('notifications', uri, notifications.map(notificationJson), context.params))
}

export function fetchNotification(context: RestContext) {
  return json(context.res, 200, notificationJson(owned(context, context.store.notifications, context.path.Sid, pathAccount(context).sid)))
}
