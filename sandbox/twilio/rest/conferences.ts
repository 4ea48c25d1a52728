import { badParam, invalidParam } from '../errors'
import type { ParticipantCreateParams, ParticipantUpdateParams } from '../engine/conference/api'
import type { Participant, BeepSetting } from '../engine/conference/room'
import type { ConferenceRecord } from '../store'
import { param, pathAccount } from './access'
import type { RestContext } from './context'
import { json } from './http'
import { list } from './calls'
import { API, conferenceJson, page, participantJson } from './serialize'

// Conferences (https://www.twilio.com/docs/voice/api/conference-resource) and their Participants
// (https://www.twilio.com/docs/voice/api/conference-participant-resource). The REST layer checks
// the request's shape; the call engine's ConferenceApi acts on the live conference.

/** A path segment as the client sent it: labels and friendly names arrive percent-encoded. */
const segment = (context: RestContext, name: string) => decodeURIComponent(context.path[name]!)

function bool(params: URLSearchParams, name: string): boolean | undefined {
  const value = param(params, name)
  return value === undefined ? undefined : value === 'true'
}

function integer(params: URLSearchParams, name: string, min: number, max: number): number | undefined {
  const value = param(params, name)
  if (value === undefined) return undefined
  const number = Number(value)
  if (!Number.isInteger(number) || number < min || number > max) throw invalidParam(`${name} must be an integer from ${min} to ${max}, not ${value}`)
  return number
}

/** DateCreated / DateUpdated filters: `YYYY-MM-DD` that day, `<` on or before it, `>` on or after it (UTC). */
function dateFilter(params: URLSearchParams, name: 'DateCreated' | 'DateUpdated', field: 'dateCreated' | 'dateUpdated') {
  const day = (record: ConferenceRecord) => record[field].toISOString().slice(0, 10)
  const checks: ((record: ConferenceRecord) => boolean)[] = []
  for (const [suffix, test] of [['', (a: string, b: string) => a === b], ['<', (a: string, b: string) => a <= b], ['>', (a: string, b: string) => a >= b]] as const) {
    const value = params.get(`${name}${suffix}`)
    if (value === null) continue
    if (!/^\d{4}-\d{2}-\d{2}/.test(value)) throw invalidParam(`${name}${suffix} must be a date as YYYY-MM-DD, not ${value}`)
    checks.push((record) => test(day(record), value.slice(0, 10)))
  }
  return (record: ConferenceRecord) => checks.every((check) => check(record))
}

export function listConferences(context: RestContext) {
  const account = pathAccount(context)
  const { params } = context
  const [name, status] = [params.get('FriendlyName'), params.get('Status')]
  const [created, updated] = [dateFilter(params, 'DateCreated', 'dateCreated'), dateFilter(params, 'DateUpdated', 'dateUpdated')]
  const conferences = [...context.store.conferences.values()]
    .filter((c) => c.accountSid === account.sid && (!name || c.friendlyName === name) && (!status || c.status === status) && created(c) && updated(c))
    .sort((a, b) => b.dateCreated.getTime() - a.dateCreated.getTime())
  return json(context.res, 200, page('conferences', `${API}/Accounts/${account.sid}/Conferences.json`, conferences.map(conferenceJson), params))
}

export function fetchConference(context: RestContext) {
  return json(context.res, 200, conferenceJson(context.engine.conferences.record(pathAccount(context).sid, segment(context, 'Sid'))))
}

/** Status=completed ends the conference; AnnounceUrl plays to everyone in it. */
export function updateConference(context: RestContext) {
  const status = param(context.params, 'Status')
  if (status !== undefined && status !== 'completed') throw invalidParam(`Status must be completed, not ${status}`)
  const changes = { status: status as 'completed' | undefined, announceUrl: param(context.params, 'AnnounceUrl'), announceMethod: param(context.params, 'AnnounceMethod') }
  return json(context.res, 200, conferenceJson(context.engine.conferences.updateConference(pathAccount(context).sid, segment(context, 'Sid'), changes)))
}

// --- Participants -----------------------------------------------------------------------------

function participantView(participant: Participant) {
  const { session, conference, settings } = participant
  return {
    accountSid: session.record.accountSid,
    callSid: session.sid,
    conferenceSid: conference.sid,
    label: settings.label,
    muted: settings.muted,
    hold: participant.hold,
    startConferenceOnEnter: settings.startConferenceOnEnter,
    endConferenceOnExit: settings.endConferenceOnExit,
    status: participant.status,
    dateCreated: participant.dateCreated,
    dateUpdated: participant.dateUpdated,
  }
}

export function listParticipants(context: RestContext) {
  const account = pathAccount(context)
  const sid = segment(context, 'ConferenceSid')
  const { params } = context
  const [muted, hold, coaching] = [bool(params, 'Muted'), bool(params, 'Hold'), bool(params, 'Coaching')]
  const participants = context.engine.conferences
    .participants(account.sid, sid)
    .map(participantView)
    .filter((p) => (muted === undefined || p.muted === muted) && (hold === undefined || p.hold === hold) && (coaching === undefined || coaching === false))
  return json(context.res, 200, page('participants', `${API}/Accounts/${account.sid}/Conferences/${sid}/Participants.json`, participants.map((p) => participantJson(p)), params))
}

const BEEPS: readonly BeepSetting[] = ['true', 'false', 'onEnter', 'onExit']

/** Dials To into the conference named by SID or friendly name (a new name opens a conference). */
export function createParticipant(context: RestContext) {
  const account = pathAccount(context)
  const { params } = context
  const [to, from] = [param(params, 'To'), param(params, 'From')]
  if (!to) throw badParam(21201, "No 'To' number is specified")
  if (!from) throw badParam(21213, "No 'From' number is specified")
  const beep = param(params, 'Beep')
  if (beep !== undefined && !BEEPS.includes(beep as BeepSetting)) throw invalidParam(`Beep must be true, false, onEnter or onExit, not ${beep}`)
  const create: ParticipantCreateParams = {
    to,
    from,
    label: param(params, 'Label'),
    timeout: integer(params, 'Timeout', 5, 600),
    muted: bool(params, 'Muted'),
    beep: beep as BeepSetting | undefined,
    startConferenceOnEnter: bool(params, 'StartConferenceOnEnter'),
    endConferenceOnExit: bool(params, 'EndConferenceOnExit'),
    waitUrl: param(params, 'WaitUrl'),
    waitMethod: param(params, 'WaitMethod'),
    maxParticipants: integer(params, 'MaxParticipants', 2, 250),
    timeLimit: integer(params, 'TimeLimit', 1, 86400),
    statusCallback: param(params, 'StatusCallback'),
    statusCallbackMethod: param(params, 'StatusCallbackMethod'),
    statusCallbackEvent: list(params, 'StatusCallbackEvent'),
    conferenceStatusCallback: param(params, 'ConferenceStatusCallback'),
    conferenceStatusCallbackMethod: param(params, 'ConferenceStatusCallbackMethod'),
    conferenceStatusCallbackEvent: list(params, 'ConferenceStatusCallbackEvent'),
  }
  const participant = context.engine.conferences.addParticipant(account.sid, segment(context, 'ConferenceSid'), create)
  return json(context.res, 201, participantJson(participantView(participant), '0'))
}

const pathParticipant = (context: RestContext) => context.engine.conferences.participant(pathAccount(context).sid, segment(context, 'ConferenceSid'), segment(context, 'CallSid'))

/** By CallSid or label. */
export function fetchParticipant(context: RestContext) {
  return json(context.res, 200, participantJson(participantView(pathParticipant(context))))
}

export function updateParticipant(context: RestContext) {
  const { params } = context
  const changes: ParticipantUpdateParams = {
    muted: bool(params, 'Muted'),
    hold: bool(params, 'Hold'),
    holdUrl: param(params, 'HoldUrl'),
    holdMethod: param(params, 'HoldMethod'),
    announceUrl: param(params, 'AnnounceUrl'),
    announceMethod: param(params, 'AnnounceMethod'),
    waitUrl: param(params, 'WaitUrl'),
    waitMethod: param(params, 'WaitMethod'),
    endConferenceOnExit: bool(params, 'EndConferenceOnExit'),
    beepOnExit: bool(params, 'BeepOnExit'),
  }
  const participant = context.engine.conferences.updateParticipant(pathAccount(context).sid, segment(context, 'ConferenceSid'), segment(context, 'CallSid'), changes)
  return json(context.res, 200, participantJson(participantView(participant)))
}

/** Kicks the participant: its call leaves the conference. */
export function deleteParticipant(context: RestContext) {
  context.engine.conferences.removeParticipant(pathAccount(context).sid, segment(context, 'ConferenceSid'), segment(context, 'CallSid'))
  return json(context.res, 204)
}
