import { invalidParam, notFound } from '../errors'
import type { RecordingRecord } from '../store'
import { owned, param, pathAccount, requestPath } from './access'
import type { RestContext } from './context'
import { json } from './http'
import { wavToMp3 } from './mp3'
import { API, callRecordingJson, page, recordingJson } from './serialize'

// Recordings made by the call engine: metadata, audio downloads, deletion, and the Call
// Recordings API that starts, pauses, resumes and stops a live call's recording
// (https://www.twilio.com/docs/voice/api/recording).

function listed(context: RestContext, accountSid: string, callSid: string | null): RecordingRecord[] {
  return [...context.store.recordings.values()]
    .filter((recording) => recording.accountSid === accountSid && (!callSid || recording.callSid === callSid))
    .sort((a, b) => b.dateCreated.getTime() - a.dateCreated.getTime())
}

/** `/Recordings.json` (filter CallSid) and `/Calls/{CallSid}/Recordings.json`. */
export function listRecordings(context: RestContext) {
  const account = pathAccount(context)
  const callSid = context.path.CallSid ?? context.params.get('CallSid')
  if (context.path.CallSid) owned(context, context.store.calls, callSid!, account.sid)
  const uri = context.path.CallSid ? `${API}/Accounts/${account.sid}/Calls/${callSid}/Recordings.json` : `${API}/Accounts/${account.sid}/Recordings.json`
  const recordings = listed(context, account.sid, callSid).map((recording) => (context.path.CallSid ? callRecordingJson(recording) : recordingJson(recording, context.publicBaseUrl())))
  return json(context.res, 200, page('recordings', uri, recordings, context.params))
}

const pathRecording = (context: RestContext) => owned(context, context.store.recordings, context.path.Sid, pathAccount(context).sid)

export function fetchRecording(context: RestContext) {
  return json(context.res, 200, recordingJson(pathRecording(context), context.publicBaseUrl()))
}

export function deleteRecording(context: RestContext) {
  context.store.recordings.delete(pathRecording(context).sid)
  return json(context.res, 204)
}

/** `/Calls/{CallSid}/Recordings/{Sid}.json`: the recording must belong to that call. */
function callRecording(context: RestContext): RecordingRecord {
  const recording = pathRecording(context)
  if (recording.callSid !== context.path.CallSid) throw notFound(requestPath(context))
  return recording
}

export const fetchCallRecording = (context: RestContext) => json(context.res, 200, callRecordingJson(callRecording(context)))

export function deleteCallRecording(context: RestContext) {
  context.store.recordings.delete(callRecording(context).sid)
  return json(context.res, 204)
}

const oneOf = <T extends string>(context: RestContext, name: string, values: readonly T[]): T | undefined => {
  const value = param(context.params, name)
  if (value !== undefined && !values.includes(value as T)) throw invalidParam(`${name} must be one of ${values.join(', ')}, not ${value}`)
  return value as T | undefined
}

/** POST `/Calls/{CallSid}/Recordings.json`: starts recording the live call (201, status in-progress). */
export function createCallRecording(context: RestContext) {
  const account = pathAccount(context)
  const events = context.params.getAll('RecordingStatusCallbackEvent')
  const recording = context.engine.startCallRecording(account.sid, context.path.CallSid!, {
    recordingChannels: oneOf(context, 'RecordingChannels', ['mono', 'dual'] as const),
    recordingTrack: oneOf(context, 'RecordingTrack', ['inbound', 'outbound', 'both'] as const),
    recordingStatusCallback: param(context.params, 'RecordingStatusCallback'),
    recordingStatusCallbackMethod: param(context.params, 'RecordingStatusCallbackMethod'),
    recordingStatusCallbackEvent: events.length ? events : undefined,
  })
  return json(context.res, 201, callRecordingJson(recording))
}

/** POST `/Calls/{CallSid}/Recordings/{Sid}.json` (Sid may be `Twilio.CURRENT`): Status paused, in-progress or stopped. */
export function updateCallRecording(context: RestContext) {
  const account = pathAccount(context)
  const status = oneOf(context, 'Status', ['paused', 'in-progress', 'stopped'] as const)
  if (!status) throw invalidParam('Status is required')
  const pauseBehavior = oneOf(context, 'PauseBehavior', ['skip', 'silence'] as const)
  return json(context.res, 200, callRecordingJson(context.engine.updateCallRecording(account.sid, context.path.CallSid!, context.path.Sid!, status, pauseBehavior)))
}

const MEDIA_TYPES = { wav: 'audio/x-wav', mp3: 'audio/mpeg' } as const

/**
 * The audio: no extension or `.wav` is the stored WAV, `.mp3` an MP3 of it. Downloads need the
 * account's credentials, as on a Twilio account with HTTP auth for media enabled.
 */
export function recordingMedia(context: RestContext) {
  const format = (context.path.Format ?? 'wav') as keyof typeof MEDIA_TYPES
  if (!(format in MEDIA_TYPES)) throw notFound(requestPath(context))
  const recording = pathRecording(context)
  const body = format === 'mp3' ? wavToMp3(recording.wav) : recording.wav
  context.res.writeHead(200, { 'content-type': MEDIA_TYPES[format], 'content-length': body.length })
  context.res.end(body)
}
