/**
 * <Enqueue> (https://www.twilio.com/docs/voice/twiml/enqueue): the caller waits in a named queue
 * while `waitUrl` TwiML loops (Play/Say/Pause/Redirect/Leave/Hangup/Gather; hold music without one),
 * requested with QueuePosition, QueueSid, QueueTime, AvgQueueTime, CurrentQueueSize and
 * MaxQueueSize. The caller leaves when bridged by <Dial><Queue> (QueueResult=bridged, after the
 * bridge ends), on <Leave> (leave), when the queue is full (queue-full) or on hang-up (hangup);
 * `action` then gets QueueResult, QueueSid and QueueTime. A REST Member update moves the caller
 * to its URL directly (see engine.updateQueueMember).
 */
import { holdMusic } from '../../audio/tones'
import { CallInterrupt, type CallSession } from '../call-session'
import { notifyError } from '../notifications'
import type { QueueEntry, QueueExit } from '../queues'
import { intAttr, methodAttr, parseTwiml, resolveUrl, type TwimlNode } from '../twiml'
import type { WebhookParams } from '../webhook'
import { bridgeUntilEnd } from './dial'
import { gatherVerb } from './gather'
import { playVerb } from './media'
import { CONTINUE, type VerbContext, type VerbOutcome } from './types'

export type QueueResult = 'bridged' | 'queue-full' | 'hangup' | 'leave' | 'redirected' | 'error'

export async function enqueueVerb(context: VerbContext): Promise<VerbOutcome> {
  const { session, node, signal } = context
  const queues = session.ctx.queues
  const queue = queues.findOrCreate(session.record.accountSid, node.text)
  const enqueuedMs = session.ctx.clock.now()
  const result = (queueResult: QueueResult) => enqueueAction(context, { QueueResult: queueResult, QueueSid: queue.sid, QueueTime: String(Math.round((session.ctx.clock.now() - enqueuedMs) / 1000)) })
  if (queues.entries(queue.sid).length >= queue.maxSize) return result('queue-full')

  let exitNow: (how: QueueExit) => void = () => {}
  const exited = new Promise<QueueExit>((resolve) => (exitNow = resolve))
  const entry: QueueEntry = { session, queueSid: queue.sid, enqueuedMs, exit: (how) => exitNow(how) }
  queues.add(entry)
  session.ctx.log.add(session.sid, 'queue', `enqueued in ${queue.friendlyName} (${queue.sid}) at position ${queues.position(entry)}`, { queueSid: queue.sid })
  const waiting = new AbortController()
  const stopWaiting = () => waiting.abort(new CallInterrupt('redirect'))
  signal.addEventListener('abort', stopWaiting, { once: true })
  void waitLoop(context, entry, waiting.signal).catch(() => {})
  try {
    const how = (await session.waitFor<QueueExit>(Infinity, signal, (done) => (exited.then(done), () => {}))) as QueueExit
    stopWaiting()
    queues.remove(queue.sid, session.sid)
    session.ctx.log.add(session.sid, 'queue', `left ${queue.friendlyName}: ${how.kind}`, { queueSid: queue.sid, how: how.kind })
    if (how.kind === 'bridged') await session.waitFor(Infinity, signal, (done) => (how.ended.then(() => done(true)), () => {}))
    return result(how.kind === 'bridged' ? 'bridged' : how.kind === 'leave' ? 'leave' : 'redirected')
  } catch (interrupt) {
    queues.remove(queue.sid, session.sid)
    if (interrupt instanceof CallInterrupt && interrupt.reason === 'hangup') {
      const outcome = result('hangup')
      if (outcome.next === 'document') await session.webhook('action', outcome.source.url, outcome.source.method, session.params(outcome.params))
    }
    throw interrupt
  } finally {
    signal.removeEventListener('abort', stopWaiting)
  }
}

function enqueueAction({ node, documentUrl }: VerbContext, params: WebhookParams): VerbOutcome {
  if (!node.attrs.action) return CONTINUE
  return { next: 'document', source: { url: resolveUrl(node.attrs.action, documentUrl), method: methodAttr(node) }, params, purpose: 'action' }
}

/** <Leave> only means something inside waitUrl TwiML (handled by the wait loop). */
export async function leaveVerb(): Promise<VerbOutcome> {
  return CONTINUE
}

/** A waitUrl document (or one it led to by <Redirect> or a <Gather> action) and where it came from. */
interface WaitDocument {
  url: string
  verbs: TwimlNode[]
}

/** Ends the wait loop: the caller left the queue by <Leave> or <Hangup>. */
const LEFT = Symbol('left the queue')

/**
 * Runs waitUrl TwiML until the caller leaves the queue. "Once the waitUrl TwiML flow runs out of
 * verbs to execute, Twilio will re-request the waitUrl and start over"; a <Redirect> or a
 * <Gather>'s action leads to another document for a while, and when that runs out the flow
 * returns to the waitUrl (https://www.twilio.com/docs/voice/twiml/enqueue#attributes-waiturl).
 */
async function waitLoop(context: VerbContext, entry: QueueEntry, signal: AbortSignal): Promise<void> {
  const { session, node } = context
  const maxSize = session.ctx.store.queues.get(entry.queueSid)?.maxSize ?? 0
  const waitUrl = node.attrs.waitUrl ? resolveUrl(node.attrs.waitUrl, context.documentUrl) : null
  const waitMethod = methodAttr(node, 'waitUrlMethod')
  for (;;) {
    let document = waitUrl ? await fetchWaitTwiml(session, waitUrl, waitMethod, 'wait-url', waitParams(session, entry, maxSize)) : null
    if (!document || document.verbs.length === 0) {
      await session.play(holdMusic(), signal)
      continue
    }
    while (document) {
      const next: WaitDocument | null | typeof LEFT = await runWaitDocument(session, entry, document, signal, maxSize)
      if (next === LEFT) return
      document = next
    }
  }
}

/**
 * The verbs a waitUrl document may hold: Play, Say, Pause, Hangup, Redirect, Leave and Gather.
 * <Gather> collects keys over its prompts as anywhere else (gather.ts); its action's TwiML then
 * runs in the queue like waitUrl TwiML, so a <Leave> there takes the caller out of the queue.
 */
async function runWaitDocument(session: CallSession, entry: QueueEntry, document: WaitDocument, signal: AbortSignal, maxSize: number): Promise<WaitDocument | null | typeof LEFT> {
  for (const verb of document.verbs) {
    switch (verb.name) {
      case 'Leave':
        entry.exit({ kind: 'leave' })
        return LEFT
      case 'Hangup':
        session.hangUp('twiml')
        return LEFT
      case 'Redirect':
        return fetchWaitTwiml(session, resolveUrl(verb.text, document.url), methodAttr(verb), 'wait-url', waitParams(session, entry, maxSize))
      case 'Gather': {
        const outcome = await gatherVerb({ session, node: verb, documentUrl: document.url, signal })
        if (outcome.next === 'document') return fetchWaitTwiml(session, outcome.source.url, outcome.source.method, 'action', session.params(outcome.params))
        break
      }
      case 'Say':
      case 'Play':
      case 'Pause':
        await playVerb({ session, node: verb, documentUrl: document.url, signal })
        break
      default:
        notifyError(session, 12200, `<${verb.name}> is not allowed in waitUrl TwiML (Play, Say, Pause, Hangup, Redirect, Leave, Gather); skipped`, document.url)
    }
  }
  return null
}

function waitParams(session: CallSession, entry: QueueEntry, maxSize: number): WebhookParams {
  const queues = session.ctx.queues
  return session.params({
    QueuePosition: String(queues.position(entry)),
    QueueSid: entry.queueSid,
    QueueTime: String(Math.round((session.ctx.clock.now() - entry.enqueuedMs) / 1000)),
    AvgQueueTime: String(queues.averageWaitSeconds(entry.queueSid)),
    CurrentQueueSize: String(queues.entries(entry.queueSid).length),
    MaxQueueSize: String(maxSize),
  })
}

async function fetchWaitTwiml(session: CallSession, url: string, method: 'GET' | 'POST', purpose: 'wait-url' | 'action', params: WebhookParams): Promise<WaitDocument | null> {
  const response = await session.webhook(purpose, url, method, params)
  if (response.errorCode) {
    notifyError(session, response.errorCode, response.errorMessage ?? 'waitUrl failed', url)
    return null
  }
  try {
    return { url, verbs: parseTwiml(response.body) }
  } catch (error) {
    notifyError(session, 12100, (error as Error).message, url)
    return null
  }
}

/** <Dial><Queue>: bridge with the caller at the front of the queue (waiting up to `timeout` for one). */
export async function dialQueue({ session, node, documentUrl, signal }: VerbContext, queueNode: TwimlNode) {
  const queues = session.ctx.queues
  const queue = queues.findOrCreate(session.record.accountSid, queueNode.text)
  if (queues.entries(queue.sid).length === 0) {
    await session.waitFor<true>(intAttr(node, 'timeout', 30) * 1000, signal, (done) => queues.onJoin(queue.sid, () => done(true)))
  }
  const front = queues.entries(queue.sid)[0]
  if (!front) return { status: 'no-answer' as const, child: null, extra: { QueueSid: queue.sid } }
  queues.remove(queue.sid, front.session.sid)
  let endBridge = () => {}
  const ended = new Promise<void>((resolve) => (endBridge = resolve))
  front.exit({ kind: 'bridged', by: session, ended })
  try {
    if (queueNode.attrs.url) await playQueueUrl(front, session, queue.sid, resolveUrl(queueNode.attrs.url, documentUrl), methodAttr(queueNode))
    const result = await bridgeUntilEnd(session, front.session, node, { recordMode: node.attrs.record ?? 'do-not-record', ringStartMs: session.ctx.clock.now(), documentUrl, signal, hangUpChild: false })
    return { ...result, extra: { ...result.extra, QueueSid: queue.sid } }
  } finally {
    endBridge()
  }
}

/**
 * <Queue url>: TwiML played to the dequeued caller before the bridge (Say/Play/Pause), requested
 * with the caller's call parameters, QueueSid, QueueTime and DequeingCallSid (the agent's call).
 */
async function playQueueUrl(front: QueueEntry, agent: CallSession, queueSid: string, url: string, method: 'GET' | 'POST'): Promise<void> {
  const caller = front.session
  const params = caller.params({ QueueSid: queueSid, QueueTime: String(Math.round((caller.ctx.clock.now() - front.enqueuedMs) / 1000)), DequeingCallSid: agent.sid })
  const response = await caller.webhook('queue-url', url, method, params)
  let verbs: TwimlNode[] = []
  try {
    if (!response.errorCode) verbs = parseTwiml(response.body)
  } catch (error) {
    notifyError(caller, 12100, (error as Error).message, url)
  }
  if (response.errorCode) notifyError(caller, response.errorCode, response.errorMessage ?? 'Queue url failed', url)
  for (const verb of verbs) {
    if (verb.name === 'Say' || verb.name === 'Play' || verb.name === 'Pause') await playVerb({ session: caller, node: verb, documentUrl: url, signal: caller.signal })
  }
}
