import { badParam, invalidParam } from '../errors'
import type { CallUpdateParams, OutboundCallParams } from '../engine/index'
import type { CallRecord } from '../store'
import { owned, param, pathAccount } from './access'
import type { RestContext } from './context'
import { json } from './http'
import { API, callJson, page } from './serialize'

// Calls: the REST layer validates the request's shape; the call engine places and runs calls.

/** Repeated parameters or one space-separated value, as the twilio libraries send lists. */
export function list(params: URLSearchParams, name: string): string[] | undefined {
  const values = params.getAll(name).flatMap((value) => value.split(/\s+/)).filter(Boolean)
  return values.length ? values : undefined
}

/** A call as Twilio shows it, with the SID of the account's number on the call's own side. */
function callView(context: RestContext, call: CallRecord) {
  const number = context.store.numberByPhoneNumber(call.direction === 'inbound' ? call.to : call.from)
  return callJson(call, number?.accountSid === call.accountSid ? number.sid : null)
}

const FINISHED: CallRecord['status'][] = ['completed', 'busy', 'no-answer', 'failed', 'canceled']

export function createCall(context: RestContext) {
  const account = pathAccount(context)
  const { params } = context
  const [to, from] = [param(params, 'To'), param(params, 'From')]
  if (!to) throw badParam(21201, "No 'To' number is specified")
  if (!from) throw badParam(21213, "No 'From' number is specified")
  const applicationSid = param(params, 'ApplicationSid')
  // 21218: the ApplicationSid does not name one of the account's TwiML Apps.
  if (applicationSid && context.store.applications.get(applicationSid)?.accountSid !== account.sid) throw badParam(21218, `Invalid ApplicationSid ${applicationSid}`)
  const timeout = param(params, 'Timeout')
  if (timeout !== undefined && !/^\d+$/.test(timeout)) throw invalidParam(`Timeout must be a whole number of seconds, not ${timeout}`)
  const channels = param(params, 'RecordingChannels')
  const call: OutboundCallParams = {
    to,
    from,
    url: param(params, 'Url'),
    method: param(params, 'Method'),
    twiml: param(params, 'Twiml'),
    applicationSid,
    fallbackUrl: param(params, 'FallbackUrl'),
    fallbackMethod: param(params, 'FallbackMethod'),
    statusCallback: param(params, 'StatusCallback'),
    statusCallbackMethod: param(params, 'StatusCallbackMethod'),
    statusCallbackEvent: list(params, 'StatusCallbackEvent'),
    timeout: timeout === undefined ? undefined : Number(timeout),
    record: params.get('Record') === 'true',
    recordingChannels: channels === 'mono' || channels === 'dual' ? channels : undefined,
    recordingStatusCallback: param(params, 'RecordingStatusCallback'),
    recordingStatusCallbackMethod: param(params, 'RecordingStatusCallbackMethod'),
    recordingStatusCallbackEvent: list(params, 'RecordingStatusCallbackEvent'),
  }
  return json(context.res, 201, callView(context, context.engine.createOutboundCall(account.sid, call)))
}

export function listCalls(context: RestContext) {
  const account = pathAccount(context)
  const { params } = context
  const filters = { to: params.get('To'), from: params.get('From'), status: params.get('Status'), parentCallSid: params.get('ParentCallSid') }
  const matches = (call: CallRecord) => Object.entries(filters).every(([field, value]) => !value || call[field as keyof typeof filters] === value)
  const calls = [...context.store.calls.values()]
    .filter((call) => call.accountSid === account.sid && matches(call))
    // Twilio lists calls newest first.
    .sort((a, b) => b.dateCreated.getTime() - a.dateCreated.getTime())
  return json(context.res, 200, page('calls', `${API}/Accounts/${account.sid}/Calls.json`, calls.map((call) => callView(context, call)), params))
}

const pathCall = (context: RestContext) => owned(context, context.store.calls, context.path.Sid, pathAccount(context).sid)

export function fetchCall(context: RestContext) {
  return json(context.res, 200, callView(context, pathCall(context)))
}

/** Redirect (Url/Twiml) or end (Status) a live call; the engine applies Twilio's state rules (21220). */
export function updateCall(context: RestContext) {
  const call = pathCall(context)
  const status = param(context.params, 'Status')
  if (status !== undefined && status !== 'completed' && status !== 'canceled') throw invalidParam(`Status must be completed or canceled, not ${status}`)
  const update: CallUpdateParams = {
    url: param(context.params, 'Url'),
    method: param(context.params, 'Method'),
    twiml: param(context.params, 'Twiml'),
    status,
  }
  return json(context.res, 200, callView(context, context.engine.updateCall(call.accountSid, call.sid, update)))
}

/** Only a finished call's record can be deleted. */
export function deleteCall(context: RestContext) {
  const call = pathCall(context)
  if (!FINISHED.includes(call.status)) throw badParam(21220, 'Call is in progress and cannot be deleted')
  context.store.calls.delete(call.sid)
  return json(context.res, 204)
}
