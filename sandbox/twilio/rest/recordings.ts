import { notFound } from '../errors'
import type { RecordingRecord } from '../store'
import { owned, pathAccount, requestPath } from './access'
import type { RestContext } from './context'
import { json } from './http'
import { wavToMp3 } from './mp3'
import { API, page, recordingJson } from './serialize'

// Recordings made by the call engine: metadata, audio downloads, deletion.

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
  const recordings = listed(context, account.sid, callSid).map((recording) => recordingJson(recording, context.publicBaseUrl()))
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
