import type { Account, ApiKey, Application, CallRecord, ConferenceRecord, IncomingNumber, NotificationRecord, QueueRecord, RecordingRecord } from '../store'
import type { Params } from './http'
import { nationalFormat, TOLL_FREE_PREFIXES } from './inventory'

// Twilio's JSON: snake_case keys, RFC 2822 dates, `uri` paths ending in .json. Every resource
// carries every property of Twilio's OpenAPI description, null where the sandbox has nothing to
// say (openapi/twilio-api-v2010-properties.json, checked by serialize.test.ts).

export const API = '/2010-04-01'

export const rfc2822 = (date: Date | null) => (date ? date.toUTCString().replace('GMT', '+0000') : null)

const dates = (resource: { dateCreated: Date; dateUpdated: Date }) => ({ date_created: rfc2822(resource.dateCreated), date_updated: rfc2822(resource.dateUpdated) })

export function accountJson(account: Account) {
  const uri = `${API}/Accounts/${account.sid}`
  const sub = (name: string) => `${uri}/${name}.json`
  return {
    auth_token: account.authToken,
    ...dates(account),
    friendly_name: account.friendlyName,
    owner_account_sid: account.parentSid ?? account.sid,
    sid: account.sid,
    status: account.status,
    type: 'Full',
    uri: `${uri}.json`,
    subresource_uris: {
      available_phone_numbers: sub('AvailablePhoneNumbers'),
      calls: sub('Calls'),
      conferences: sub('Conferences'),
      incoming_phone_numbers: sub('IncomingPhoneNumbers'),
      applications: sub('Applications'),
      keys: sub('Keys'),
      notifications: sub('Notifications'),
      queues: sub('Queues'),
      recordings: sub('Recordings'),
    },
  }
}

export function keyJson(key: ApiKey, withSecret = false) {
  return { sid: key.sid, friendly_name: key.friendlyName, ...dates(key), ...(withSecret && { secret: key.secret }) }
}

export function applicationJson(app: Application) {
  return {
    account_sid: app.accountSid,
    api_version: '2010-04-01',
    ...dates(app),
    friendly_name: app.friendlyName,
    sid: app.sid,
    voice_url: app.voiceUrl,
    voice_method: app.voiceMethod,
    voice_fallback_url: app.voiceFallbackUrl,
    voice_fallback_method: app.voiceFallbackMethod,
    status_callback: app.statusCallback,
    status_callback_method: app.statusCallbackMethod,
    voice_caller_id_lookup: false,
    sms_url: app.smsUrl,
    sms_method: app.smsMethod,
    sms_fallback_url: app.smsFallbackUrl,
    sms_fallback_method: app.smsFallbackMethod,
    sms_status_callback: app.smsStatusCallback,
    message_status_callback: app.messageStatusCallback,
    // Twilio's default: other accounts may <Dial><Application> this one.
    public_application_connect_enabled: true,
    uri: `${API}/Accounts/${app.accountSid}/Applications/${app.sid}.json`,
  }
}

export function numberJson(number: IncomingNumber) {
  const uri = `${API}/Accounts/${number.accountSid}/IncomingPhoneNumbers/${number.sid}`
  return {
    account_sid: number.accountSid,
    address_requirements: 'none',
    address_sid: null,
    identity_sid: null,
    bundle_sid: null,
    api_version: '2010-04-01',
    beta: false,
    capabilities: { voice: number.capabilities.voice, sms: number.capabilities.sms, mms: number.capabilities.mms, fax: false },
    ...dates(number),
    friendly_name: number.friendlyName,
    phone_number: number.phoneNumber,
    sid: number.sid,
    status: 'in-use',
    voice_application_sid: number.voiceApplicationSid,
    sms_application_sid: number.smsApplicationSid,
    sms_url: number.smsUrl,
    sms_method: number.smsMethod,
    sms_fallback_url: number.smsFallbackUrl,
    sms_fallback_method: number.smsFallbackMethod,
    voice_url: number.voiceUrl,
    voice_method: number.voiceMethod,
    voice_fallback_url: number.voiceFallbackUrl,
    voice_fallback_method: number.voiceFallbackMethod,
    status_callback: number.statusCallback,
    status_callback_method: number.statusCallbackMethod,
    voice_caller_id_lookup: false,
    voice_receive_mode: 'voice',
    trunk_sid: null,
    // No emergency address is registered for a sandbox number.
    emergency_status: 'Inactive',
    emergency_address_sid: null,
    emergency_address_status: 'unregistered',
    origin: 'twilio',
    // Twilio's examples show `local`; the sandbox's toll-free numbers are its toll-free area codes.
    type: TOLL_FREE_PREFIXES.includes(number.phoneNumber.slice(2, 5)) ? 'toll-free' : 'local',
    uri: `${uri}.json`,
    subresource_uris: { assigned_add_ons: `${uri}/AssignedAddOns.json` },
  }
}

/** `phoneNumberSid`: the account's IncomingPhoneNumber that received (inbound) or placed the call. */
export function callJson(call: CallRecord, phoneNumberSid: string | null) {
  const uri = `${API}/Accounts/${call.accountSid}/Calls/${call.sid}`
  return {
    account_sid: call.accountSid,
    answered_by: call.answeredBy,
    api_version: '2010-04-01',
    caller_name: call.callerName,
    ...dates(call),
    direction: call.direction,
    forwarded_from: null,
    group_sid: null,
    trunk_sid: null,
    duration: call.duration === null ? null : String(call.duration),
    end_time: rfc2822(call.endTime),
    from: call.from,
    from_formatted: nationalFormat(call.from),
    parent_call_sid: call.parentCallSid,
    phone_number_sid: phoneNumberSid,
    price: call.price,
    price_unit: call.priceUnit,
    queue_time: call.queueTime,
    sid: call.sid,
    start_time: rfc2822(call.startTime),
    status: call.status,
    to: call.to,
    to_formatted: nationalFormat(call.to),
    uri: `${uri}.json`,
    subresource_uris: { recordings: `${uri}/Recordings.json`, notifications: `${uri}/Notifications.json` },
  }
}

/** The properties both representations share (twilio_api_v2010.json), null where Twilio has none. */
function recordingFields(recording: RecordingRecord) {
  return {
    account_sid: recording.accountSid,
    api_version: '2010-04-01',
    call_sid: recording.callSid,
    conference_sid: null,
    ...dates(recording),
    start_time: rfc2822(recording.startTime),
    duration: String(recording.duration),
    sid: recording.sid,
    price: recording.status === 'completed' ? '-0.00250' : null,
    price_unit: 'USD',
    status: recording.status,
    channels: recording.channels,
    source: recording.source,
    error_code: recording.errorCode,
    encryption_details: null,
  }
}

/** `baseUrl` is where the media is served: Twilio's media_url is absolute, on its own API host. */
export function recordingJson(recording: RecordingRecord, baseUrl: string) {
  const uri = `${API}/Accounts/${recording.accountSid}/Recordings/${recording.sid}`
  return {
    ...recordingFields(recording),
    media_url: `${baseUrl}${uri}`,
    uri: `${uri}.json`,
    subresource_uris: { add_on_results: `${uri}/AddOnResults.json`, transcriptions: `${uri}/Transcriptions.json` },
  }
}

/** A call's recording (`/Calls/{CallSid}/Recordings/{Sid}.json`): `track`, and no media_url or subresources. */
export function callRecordingJson(recording: RecordingRecord) {
  return { ...recordingFields(recording), track: recording.track, uri: `${API}/Accounts/${recording.accountSid}/Calls/${recording.callSid}/Recordings/${recording.sid}.json` }
}

/** average_wait_time is over the calls waiting now, counted up to `now` (Twilio computes it per request). */
export function queueJson(queue: QueueRecord, now: Date) {
  const waits = queue.members.map((member) => (now.getTime() - member.dateEnqueued.getTime()) / 1000)
  return {
    account_sid: queue.accountSid,
    average_wait_time: waits.length ? Math.max(0, Math.round(waits.reduce((a, b) => a + b, 0) / waits.length)) : 0,
    current_size: queue.members.length,
    ...dates(queue),
    friendly_name: queue.friendlyName,
    max_size: queue.maxSize,
    sid: queue.sid,
    uri: `${API}/Accounts/${queue.accountSid}/Queues/${queue.sid}.json`,
    subresource_uris: { members: `${API}/Accounts/${queue.accountSid}/Queues/${queue.sid}/Members.json` },
  }
}

export function conferenceJson(conference: ConferenceRecord) {
  const uri = `${API}/Accounts/${conference.accountSid}/Conferences/${conference.sid}`
  return {
    account_sid: conference.accountSid,
    ...dates(conference),
    api_version: '2010-04-01',
    friendly_name: conference.friendlyName,
    // "Basic conference audio will always be mixed in us1."
    region: 'us1',
    sid: conference.sid,
    status: conference.status,
    uri: `${uri}.json`,
    subresource_uris: { participants: `${uri}/Participants.json`, recordings: `${uri}/Recordings.json` },
    reason_conference_ended: conference.reasonConferenceEnded,
    call_sid_ending_conference: conference.callSidEndingConference,
  }
}

/** What a participant shows: its call, conference and settings (coaching is not emulated). */
export interface ParticipantView {
  accountSid: string
  callSid: string
  conferenceSid: string
  label: string | null
  muted: boolean
  hold: boolean
  startConferenceOnEnter: boolean
  endConferenceOnExit: boolean
  status: string
  dateCreated: Date
  dateUpdated: Date
}

/** `queueTime` only in the answer to a create request (twilio_api_v2010.json: queue_time). */
export function participantJson(participant: ParticipantView, queueTime: string | null = null) {
  return {
    account_sid: participant.accountSid,
    call_sid: participant.callSid,
    label: participant.label,
    call_sid_to_coach: null,
    coaching: false,
    conference_sid: participant.conferenceSid,
    ...dates(participant),
    end_conference_on_exit: participant.endConferenceOnExit,
    muted: participant.muted,
    hold: participant.hold,
    start_conference_on_enter: participant.startConferenceOnEnter,
    status: participant.status,
    queue_time: queueTime,
    uri: `${API}/Accounts/${participant.accountSid}/Conferences/${participant.conferenceSid}/Participants/${participant.callSid}.json`,
  }
}

export function notificationJson(notification: NotificationRecord) {
  return {
    account_sid: notification.accountSid,
    api_version: '2010-04-01',
    call_sid: notification.callSid,
    ...dates(notification),
    error_code: String(notification.errorCode),
    // Twilio's log levels: 0 is an error, 1 a warning.
    log: notification.level === 'error' ? '0' : '1',
    message_date: rfc2822(notification.dateCreated),
    message_text: new URLSearchParams({ msg: notification.messageText, url: notification.requestUrl }).toString(),
    more_info: `https://www.twilio.com/docs/errors/${notification.errorCode}`,
    request_method: 'POST',
    request_url: notification.requestUrl,
    sid: notification.sid,
    uri: `${API}/Accounts/${notification.accountSid}/Notifications/${notification.sid}.json`,
  }
}

/** Which slice of a list a request asks for: PageSize (default 50, at most 1000) and Page from 0. */
export function pageWindow(params: Params) {
  const pageSize = Math.min(Math.max(Number(params.get('PageSize') ?? 50) || 50, 1), 1000)
  const pageNumber = Math.max(Number(params.get('Page') ?? 0) || 0, 0)
  const start = pageNumber * pageSize
  /** The request's own filters with the paging of page `n`, as Twilio writes its paging links. */
  const query = (n: number) => {
    const copy = new URLSearchParams(params)
    copy.set('PageSize', String(pageSize))
    copy.set('Page', String(n))
    return copy.toString()
  }
  return { pageSize, pageNumber, start, end: start + pageSize, query }
}

/** The 2010-04-01 list envelope: one page of records under `key`, with relative paging URIs. */
export function page<T>(key: string, path: string, records: T[], params: Params) {
  const { pageSize, pageNumber, start, end, query } = pageWindow(params)
  const items = records.slice(start, end)
  return {
    [key]: items,
    first_page_uri: `${path}?${query(0)}`,
    next_page_uri: end < records.length ? `${path}?${query(pageNumber + 1)}` : null,
    previous_page_uri: pageNumber > 0 ? `${path}?${query(pageNumber - 1)}` : null,
    page: pageNumber,
    page_size: pageSize,
    start,
    end: start + Math.max(items.length - 1, 0),
    uri: `${path}?${query(pageNumber)}`,
  }
}

/**
 * The list envelope of Twilio's newer (v1) APIs: records under `key`, paging in `meta` with
 * absolute URLs (here on the sandbox's own base URL).
 */
export function v1Page<T>(key: string, url: string, records: T[], params: Params) {
  const { pageSize, pageNumber, start, end, query } = pageWindow(params)
  return {
    [key]: records.slice(start, end),
    meta: {
      key,
      page: pageNumber,
      page_size: pageSize,
      first_page_url: `${url}?${query(0)}`,
      previous_page_url: pageNumber > 0 ? `${url}?${query(pageNumber - 1)}` : null,
      next_page_url: end < records.length ? `${url}?${query(pageNumber + 1)}` : null,
      url: `${url}?${query(pageNumber)}`,
    },
  }
}
