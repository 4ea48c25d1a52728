import { badParam, invalidParam, notFound } from '../errors'
import { newSid, type QueueMember, type QueueRecord } from '../store'
import { owned, param, pathAccount, requestPath, touch } from './access'
import type { RestContext } from './context'
import { json } from './http'
import { API, page, queueJson, rfc2822 } from './serialize'

// Queues and their members. Calls join a queue through <Enqueue> (the engine); the REST API lists
// them and dequeues one to a URL.

/** Twilio's Queue max_size: default 100, at most 5000. */
const DEFAULT_MAX_SIZE = 100
const MAX_MAX_SIZE = 5000

function maxSize(params: URLSearchParams): number | undefined {
  const value = param(params, 'MaxSize')
  if (value === undefined) return undefined
  const size = Number(value)
  if (!Number.isInteger(size) || size < 1 || size > MAX_MAX_SIZE) throw invalidParam(`MaxSize must be an integer from 1 to ${MAX_MAX_SIZE}`)
  return size
}

function friendlyName(context: RestContext, accountSid: string, exceptSid?: string): string | undefined {
  const name = param(context.params, 'FriendlyName')
  if (name === undefined) return undefined
  if (name.length < 1 || name.length > 64) throw badParam(20002, 'Invalid FriendlyName: it must be 1 to 64 characters long')
  // <Enqueue> finds a queue by name, so names are unique within an account.
  const taken = [...context.store.queues.values()].some((queue) => queue.accountSid === accountSid && queue.friendlyName === name && queue.sid !== exceptSid)
  if (taken) throw invalidParam(`A queue named ${name} already exists`)
  return name
}

export function createQueue(context: RestContext) {
  const account = pathAccount(context)
  const name = friendlyName(context, account.sid)
  if (name === undefined) throw invalidParam('Missing required parameter FriendlyName in the post body')
  const now = context.now()
  const queue: QueueRecord = { sid: newSid('QU'), accountSid: account.sid, friendlyName: name, maxSize: maxSize(context.params) ?? DEFAULT_MAX_SIZE, members: [], dateCreated: now, dateUpdated: now }
  context.store.queues.set(queue.sid, queue)
  return json(context.res, 201, queueJson(queue, now))
}

export function listQueues(context: RestContext) {
  const account = pathAccount(context)
  const queues = [...context.store.queues.values()].filter((queue) => queue.accountSid === account.sid).map((queue) => queueJson(queue, context.now()))
  return json(context.res, 200, page('queues', `${API}/Accounts/${account.sid}/Queues.json`, queues, context.params))
}

const pathQueue = (context: RestContext) => owned(context, context.store.queues, context.path.QueueSid ?? context.path.Sid, pathAccount(context).sid)

export function fetchQueue(context: RestContext) {
  return json(context.res, 200, queueJson(pathQueue(context), context.now()))
}

export function updateQueue(context: RestContext) {
  const queue = pathQueue(context)
  touch(queue, { friendlyName: friendlyName(context, queue.accountSid, queue.sid), maxSize: maxSize(context.params) }, context.now())
  return json(context.res, 200, queueJson(queue, context.now()))
}

export function deleteQueue(context: RestContext) {
  const queue = pathQueue(context)
  if (queue.members.length > 0) throw invalidParam('A queue with calls waiting in it cannot be deleted')
  context.store.queues.delete(queue.sid)
  return json(context.res, 204)
}

// --- Members ----------------------------------------------------------------------------------

/** A member as Twilio shows it; wait_time is counted up to the request. */
function memberJson(queue: QueueRecord, member: Pick<QueueMember, 'callSid' | 'position' | 'dateEnqueued'>, now: Date) {
  return {
    call_sid: member.callSid,
    date_enqueued: rfc2822(member.dateEnqueued),
    position: member.position,
    queue_sid: queue.sid,
    uri: `${API}/Accounts/${queue.accountSid}/Queues/${queue.sid}/Members/${member.callSid}.json`,
    wait_time: Math.max(0, Math.round((now.getTime() - member.dateEnqueued.getTime()) / 1000)),
  }
}

export function listMembers(context: RestContext) {
  const queue = pathQueue(context)
  const members = queue.members.map((member) => memberJson(queue, member, context.now()))
  return json(context.res, 200, page('queue_members', `${API}/Accounts/${queue.accountSid}/Queues/${queue.sid}/Members.json`, members, context.params))
}

/** A member by CallSid, or `Front`: the call that has waited longest. */
export function fetchMember(context: RestContext) {
  const queue = pathQueue(context)
  const callSid = context.path.CallSid
  const member = callSid === 'Front' ? queue.members[0] : queue.members.find((m) => m.callSid === callSid)
  if (!member) throw notFound(requestPath(context))
  return json(context.res, 200, memberJson(queue, member, context.now()))
}

/** Dequeues the member: its call leaves the queue and runs the TwiML at Url. */
export function dequeueMember(context: RestContext) {
  const queue = pathQueue(context)
  const url = param(context.params, 'Url')
  if (!url) throw badParam(21205, 'Url parameter is required')
  const member = context.engine.updateQueueMember(queue.accountSid, queue.sid, context.path.CallSid!, { url, method: param(context.params, 'Method') })
  return json(context.res, 200, memberJson(queue, member, context.now()))
}
