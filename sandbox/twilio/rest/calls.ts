import lamejs from '@breezystack/lamejs'
import { badParam, TwilioApiError } from '../errors'
import type { OutboundCallParams } from '../engine/index'
import type { RecordingRecord } from '../store'
import type { RestContext } from './context'
import { json } from './http'
import { owned, pathAccount } from './resources'
import { API, callJson, notificationJson, page, queueJson, recordingJson } from './serialize'
import { newSid } from '../store'

// Calls (run by the call engine), their recordings, and queues with their members.

const text = (params: URLSearchParams, name: string) => params.get(name) ?? undefined

/** Repeated parameters or one space-separated value, as the twilio libraries send lists. */
const list = (params: URLSearchParams, name: string) => {
  const values = params.getAll(name).flatMap((value) => value.split(/\s+/)).filter(Boolean)
  return values.length ? values : undefined
}

export function createCall(context: RestContext) {
  const account = pathAccount(context)
  const { params } = context
  const timeout = params.get('Timeout')
  const channels = params.get('RecordingChannels')
  const call: OutboundCallParams = {
    to: params.get('To') ?? '',
    from: params.get('From') ?? '',
    url: text(params, 'Url'),
    method: text(params, 'Method'),
    twiml: text(params, 'Twiml'),
    applicationSid: text(params, 'ApplicationSid'),
    fallbackUrl: text(params, 'FallbackUrl'),
    fallbackMethod: text(params, 'FallbackMethod'),
    statusCallback: text(params, 'StatusCallback'),
    statusCallbackMethod: text(params, 'StatusCallbackMethod'),
    statusCallbackEvent: list(params, 'StatusCallbackEvent'),
    timeout: timeout === null ? undefined : Number(timeout),
    record: params.get('Record') === 'true',
    recordingChannels: channels === 'mono' || channels === 'dual' ? channels : undefined,
    recordingStatusCallback: text(params, 'RecordingStatusCallback'),
    recordingStatusCallbackMethod: text(params, 'RecordingStatusCallbackMethod'),
    recordingStatusCallbackEvent: list(params, 'RecordingStatusCallbackEvent'),
  }
  return json(context.res, 201, callJson(context.engine.createOutboundCall(account.sid, call)))
}

export function listCalls(context: RestContext) {
  const account = pathAccount(context)
  const { params } = context
  const filters = { to: params.get('To'), from: params.get('From'), status: params.get('Status'), parentCallSid: params.get('ParentCallSid') } as const
  const calls = [...context.store.calls.values()]
    .filter((call) => call.accountSid === account.sid && Object.entries(filters).every(([key, value]) => !value || call[key as keyof typeof filters] === value))
    .sort((a, b) => b.dateCreated.getTime() - a.dateCreated.getTime())
    .map(callJson)
  return json(context.res, 200, page('calls', `${API}/Accounts/${account.sid}/Calls.json`, calls, params))
}

export function fetchCall(context: RestContext) {
  return json(context.res, 200, callJson(owned(context.store.calls, context.path.Sid, pathAccount(context).sid, 'Call')))
}

export function updateCall(context: RestContext) {
  const account = pathAccount(context)
  const status = context.params.get('Status')
  if (status && status !== 'completed' && status !== 'canceled') throw badParam(21218, `Invalid Status: ${status}`)
  const call = context.engine.updateCall(account.sid, context.path.Sid!, {
    url: text(context.params, 'Url'),
    method: text(context.params, 'Method'),
    twiml: text(context.params, 'Twiml'),
    status: (status ?? undefined) as 'completed' | 'canceled' | undefined,
  })
  return json(context.res, 200, callJson(call))
}

export function deleteCall(context: RestContext) {
  const call = owned(context.store.calls, context.path.Sid, pathAccount(context).sid, 'Call')
  if (!['completed', 'busy', 'no-answer', 'failed', 'canceled'].includes(call.status)) throw badParam(21220, 'A call in progress cannot be deleted')
  context.store.calls.delete(call.sid)
  return json(context.res, 204)
}

// --- Recordings -------------------------------------------------------------------------------

export function listRecordings(context: RestContext) {
  const account = pathAccount(context)
  const callSid = context.path.CallSid ?? context.params.get('CallSid')
  if (context.path.CallSid) owned(context.store.calls, callSid!, account.sid, 'Call')
  const recordings = [...context.store.recordings.values()]
    .filter((recording) => recording.accountSid === account.sid && (!callSid || recording.callSid === callSid))
    .sort((a, b) => b.dateCreated.getTime() - a.dateCreated.getTime())
    .map(recordingJson)
  return json(context.res, 200, page('recordings', context.req.url!.split('?')[0]!, recordings, context.params))
}

export function fetchRecording(context: RestContext) {
  return json(context.res, 200, recordingJson(owned(context.store.recordings, context.path.Sid, pathAccount(context).sid, 'Recording')))
}

export function deleteRecording(context: RestContext) {
  const recording = owned(context.store.recordings, context.path.Sid, pathAccount(context).sid, 'Recording')
  context.store.recordings.delete(recording.sid)
  return json(context.res, 204)
}

/** The recording's audio: `.wav` as stored, `.mp3` encoded from it (Twilio serves both). */
export function recordingMedia(context: RestContext) {
  const recording = owned(context.store.recordings, context.path.Sid, pathAccount(context).sid, 'Recording')
  const mp3 = context.path.Format === 'mp3'
  const body = mp3 ? encodeMp3(recording) : recording.wav
  context.res.writeHead(200, { 'content-type': mp3 ? 'audio/mpeg' : 'audio/x-wav', 'content-length': body.length })
  context.res.end(body)
}

function encodeMp3(recording: RecordingRecord): Buffer {
  // The stored WAV is canonical 16-bit PCM at 8 kHz: a 44-byte header, then interleaved samples.
  const channels = recording.channels
  const samples = new Int16Array(recording.wav.buffer.slice(recording.wav.byteOffset + 44, recording.wav.byteOffset + recording.wav.length))
  const encoder = new lamejs.Mp3Encoder(channels, 8000, 32)
  const frames = samples.length / channels
  const left = new Int16Array(frames)
  const right = new Int16Array(frames)
  for (let i = 0; i < frames; i++) {
    left[i] = samples[i * channels]!
    right[i] = samples[i * channels + channels - 1]!
  }
  const chunks: Uint8Array[] = []
  for (let i = 0; i < frames; i += 1152) {
    chunks.push(channels === 2 ? encoder.encodeBuffer(left.subarray(i, i + 1152), right.subarray(i, i + 1152)) : encoder.encodeBuffer(left.subarray(i, i + 1152)))
  }
  chunks.push(encoder.flush())
  return Buffer.concat(chunks.map((chunk) => Buffer.from(chunk)))
}

// --- Notifications (the debugger's errors and warnings for a call) ---------------------------

export function listNotifications(context: RestContext) {
  const account = pathAccount(context)
  const callSid = context.path.CallSid
  if (callSid) owned(context.store.calls, callSid, account.sid, 'Call')
  const notifications = [...context.store.notifications.values()]
    .filter((notification) => notification.accountSid === account.sid && (!callSid || notification.callSid === callSid))
    .map(notificationJson)
  return json(context.res, 200, page('notifications', context.req.url!.split('?')[0]!, notifications, context.params))
}

export function fetchNotification(context: RestContext) {
  return json(context.res, 200, notificationJson(owned(context.store.notifications, context.path.Sid, pathAccount(context).sid, 'Notification')))
}

// --- Queues -----------------------------------------------------------------------------------

export function createQueue(context: RestContext) {
  const account = pathAccount(context)
  const friendlyName = context.params.get('FriendlyName')
  if (!friendlyName) throw badParam(20001, 'FriendlyName is required')
  if ([...context.store.queues.values()].some((queue) => queue.accountSid === account.sid && queue.friendlyName === friendlyName)) {
    throw badParam(22003, `A queue named ${friendlyName} already exists`)
  }
  const now = new Date()
  const queue = { sid: newSid('QU'), accountSid: account.sid, friendlyName, maxSize: Number(context.params.get('MaxSize') ?? 100), members: [], dateCreated: now, dateUpdated: now }
  context.store.queues.set(queue.sid, queue)
  return json(context.res, 201, queueJson(queue))
}

export function listQueues(context: RestContext) {
  const account = pathAccount(context)
  const queues = [...context.store.queues.values()].filter((queue) => queue.accountSid === account.sid).map(queueJson)
  return json(context.res, 200, page('queues', `${API}/Accounts/${account.sid}/Queues.json`, queues, context.params))
}

export function fetchQueue(context: RestContext) {
  return json(context.res, 200, queueJson(owned(context.store.queues, context.path.Sid, pathAccount(context).sid, 'Queue')))
}

export function updateQueue(context: RestContext) {
  const queue = owned(context.store.queues, context.path.Sid, pathAccount(context).sid, 'Queue')
  queue.friendlyName = context.params.get('FriendlyName') ?? queue.friendlyName
  queue.maxSize = Number(context.params.get('MaxSize') ?? queue.maxSize)
  queue.dateUpdated = new Date()
  return json(context.res, 200, queueJson(queue))
}

export function deleteQueue(context: RestContext) {
  const queue = owned(context.store.queues, context.path.Sid, pathAccount(context).sid, 'Queue')
  if (queue.members.length > 0) throw badParam(20001, 'A queue with callers in it cannot be deleted')
  context.store.queues.delete(queue.sid)
  return json(context.res, 204)
}

function memberJson(accountSid: string, queueSid: string, member: { callSid: string; position: number; waitTime: number; dateEnqueued: Date }) {
  return {
    call_sid: member.callSid, queue_sid: queueSid, position: member.position, wait_time: member.waitTime,
    date_enqueued: member.dateEnqueued.toUTCString().replace('GMT', '+0000'),
    uri: `${API}/Accounts/${accountSid}/Queues/${queueSid}/Members/${member.callSid}.json`,
  }
}

export function listMembers(context: RestContext) {
  const account = pathAccount(context)
  const queue = owned(context.store.queues, context.path.QueueSid, account.sid, 'Queue')
  const members = queue.members.map((member) => memberJson(account.sid, queue.sid, member))
  return json(context.res, 200, page('queue_members', `${API}/Accounts/${account.sid}/Queues/${queue.sid}/Members.json`, members, context.params))
}

export function fetchMember(context: RestContext) {
  const account = pathAccount(context)
  const queue = owned(context.store.queues, context.path.QueueSid, account.sid, 'Queue')
  const member = context.path.CallSid === 'Front' ? queue.members[0] : queue.members.find((m) => m.callSid === context.path.CallSid)
  if (!member) throw new TwilioApiError(404, 20404, `Queue member ${context.path.CallSid} was not found`)
  return json(context.res, 200, memberJson(account.sid, queue.sid, member))
}

export function dequeueMember(context: RestContext) {
  const account = pathAccount(context)
  const url = context.params.get('Url')
  if (!url) throw badParam(21205, 'Url is required')
  const member = context.engine.updateQueueMember(account.sid, context.path.QueueSid!, context.path.CallSid!, { url, method: text(context.params, 'Method') })
  return json(context.res, 200, memberJson(account.sid, member.queueSid, member))
}
