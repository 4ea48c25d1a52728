/**
 * <Dial> (https://www.twilio.com/docs/voice/twiml/dial) with <Number>, <Client> or plain-text
 * numbers, <Queue> (see queue.ts) and <Conference> (conference.ts). Each target becomes a child call (direction
 * outbound-dial, ParentCallSid = this call) rung for `timeout` seconds (default 30); the first
 * to answer is bridged and the rest canceled. When the bridge ends (either side hangs up,
 * timeLimit, or hangupOnStar), Twilio requests `action` with DialCallStatus, DialCallSid,
 * DialCallDuration (and RecordingUrl/RecordingSid/RecordingDuration when record="…") — or moves
 * to the next verb without an action. If the caller hangs up, the action is still requested and
 * its TwiML ignored.
 */
import { bridge } from '../bridge'
import { CallInterrupt, type CallSession } from '../call-session'
import { openCall } from '../calls'
import { ringTarget, type RingResult } from '../ring'
import { parseRecordingEvents, recordingUrl, saveRecording, sendRecordingStatus } from '../recordings'
import { parseProgressEvents } from '../status-callbacks'
import { intAttr, methodAttr, resolveUrl, type TwimlNode } from '../twiml'
import type { WebhookParams } from '../webhook'
import type { ConferenceInterrupt } from '../conference/attend'
import { dialConference, type ConferenceDialResult } from './conference'
import { dialQueue } from './queue'
import { CONTINUE, type VerbContext, type VerbOutcome } from './types'

interface DialResult {
  status: RingResult | 'completed'
  child: CallSession | null
  extra: WebhookParams
  /** Set when the Dial went to a <Conference>: whether it joined, and was ever connected to others. */
  conference?: ConferenceDialResult
}

export async function dialVerb(context: VerbContext): Promise<VerbOutcome> {
  const { session, node } = context
  const queueNode = node.children.find((c) => c.name === 'Queue')
  const conferenceNode = node.children.find((c) => c.name === 'Conference')
  let result: DialResult
  try {
    if (conferenceNode) result = { status: 'completed', child: null, extra: {}, conference: await dialConference(context, conferenceNode) }
    else result = queueNode ? await dialQueue(context, queueNode) : await dialLegs(context)
  } catch (interrupt) {
    if (interrupt instanceof CallInterrupt && interrupt.reason === 'hangup' && node.attrs.action) {
      const conference = (interrupt as ConferenceInterrupt).conference
      const partial = conference ? { status: 'completed' as const, child: null, extra: {}, conference: { joined: true, ...conference } } : (interrupt as DialInterrupt).dial
      await session.webhook('action', resolveUrl(node.attrs.action, context.documentUrl), methodAttr(node), session.params(actionParams(partial ?? { status: 'canceled', child: null, extra: {} })))
    }
    throw interrupt
  }
  if (!node.attrs.action) return CONTINUE
  return { next: 'document', source: { url: resolveUrl(node.attrs.action, context.documentUrl), method: methodAttr(node) }, params: actionParams(result), purpose: 'action' }
}

/** A hang-up during <Dial> carries what the dial had reached, for the action request. */
type DialInterrupt = CallInterrupt & { dial?: DialResult }

/**
 * The action's parameters (https://www.twilio.com/docs/voice/twiml/dial#action): DialCallStatus
 * `completed` when the called party answered and was connected, `answered` only "when calling a
 * conference" (which also sends no DialCallSid or DialCallDuration); DialBridged whether the caller
 * was connected to the dialled destination.
 */
function actionParams(result: DialResult): WebhookParams {
  if (result.conference) return { DialCallStatus: result.conference.joined ? 'answered' : 'failed', DialBridged: String(result.conference.bridged), ...result.extra }
  // An answered leg is always bridged, and reported as completed once the bridge ends.
  const params: WebhookParams = { DialCallStatus: result.status === 'answered' ? 'completed' : result.status, DialBridged: String(result.status === 'completed'), ...result.extra }
  if (result.child) {
    params.DialCallSid = result.child.sid
    if (result.child.record.duration !== null && result.child.record.startTime) params.DialCallDuration = String(result.child.record.duration)
  }
  return params
}

function targetsOf(node: TwimlNode): { to: string; noun: TwimlNode | null }[] {
  const nouns = node.children.filter((c) => c.name === 'Number' || c.name === 'Client')
  if (nouns.length === 0) return node.text ? [{ to: node.text, noun: null }] : []
  return nouns.map((noun) => ({ to: noun.name === 'Client' ? `client:${noun.children.find((c) => c.name === 'Identity')?.text ?? noun.text}` : noun.text, noun }))
}

/** `<Client><Identity>alice</Identity><Parameter name="x" value="y"/></Client>` (https://www.twilio.com/docs/voice/twiml/client#custom-parameters). */
function clientParameters(noun: TwimlNode): Record<string, string> {
  const parameters: Record<string, string> = {}
  for (const child of noun.children) if (child.name === 'Parameter' && child.attrs.name) parameters[child.attrs.name] = child.attrs.value ?? ''
  return parameters
}

async function dialLegs({ session, node, documentUrl, signal }: VerbContext): Promise<DialResult> {
  const timeoutMs = intAttr(node, 'timeout', 30) * 1000
  const from = node.attrs.callerId ?? session.record.from
  const ringing = new AbortController()
  signal.addEventListener('abort', () => ringing.abort(signal.reason), { once: true })
  const legs = targetsOf(node).map(({ to, noun }) => {
    const statusCallback = noun?.attrs.statusCallback
      ? { url: resolveUrl(noun.attrs.statusCallback, documentUrl), method: methodAttr(noun, 'statusCallbackMethod'), events: parseProgressEvents(noun.attrs.statusCallbackEvent) }
      : null
    const leg = openCall(session.ctx, { accountSid: session.record.accountSid, parentCallSid: session.sid, from, to, direction: 'outbound-dial', status: 'queued' }, { statusCallback, fallback: null })
    return { ...leg, clientParameters: noun?.name === 'Client' ? clientParameters(noun) : {} }
  })
  const recordMode = node.attrs.record ?? 'do-not-record'
  const ringStartMs = session.ctx.clock.now()
  const outcomes = legs.map(async ({ session: leg, phone, clientParameters }) => {
    const result = await ringTarget(leg, phone, timeoutMs, ringing.signal, { clientParameters })
    if (result === 'answered') ringing.abort('answered elsewhere')
    return { leg, result }
  })
  const settled = await Promise.all(outcomes)
  if (signal.aborted) throw Object.assign(signal.reason as CallInterrupt, { dial: { status: 'canceled', child: settled[0]?.leg ?? null, extra: {} } })
  const answered = settled.find((o) => o.result === 'answered')
  if (!answered) {
    const last = settled.at(-1)
    return { status: last?.result ?? 'failed', child: last?.leg ?? null, extra: {} }
  }
  return bridgeUntilEnd(session, answered.leg, node, { recordMode, ringStartMs, documentUrl, signal })
}

export async function bridgeUntilEnd(
  session: CallSession,
  child: CallSession,
  node: TwimlNode,
  options: { recordMode: string; ringStartMs: number; documentUrl: string; signal: AbortSignal; hangUpChild?: boolean },
): Promise<DialResult> {
  // A queued caller bridged by <Dial><Queue> goes back to its own TwiML when the bridge ends.
  const endChild = () => options.hangUpChild !== false && child.hangUp('api')
  const unbridge = bridge(session, child)
  const answeredMs = session.ctx.clock.now()
  const timeLimitMs = intAttr(node, 'timeLimit', 14400) * 1000
  const hangupOnStar = node.attrs.hangupOnStar === 'true'
  const finishRecording = () => recordDial(session, node, options, answeredMs)
  try {
    await session.waitFor<'ended'>(timeLimitMs, options.signal, (done) => {
      child.onEnd(() => done('ended'))
      return hangupOnStar ? session.onDigit((digit) => digit === '*' && done('ended')) : () => {}
    })
  } catch (interrupt) {
    unbridge()
    endChild()
    const extra = finishRecording()
    if (interrupt instanceof CallInterrupt) Object.assign(interrupt, { dial: { status: 'completed', child, extra } })
    throw interrupt
  }
  unbridge()
  endChild()
  return { status: 'completed', child, extra: finishRecording() }
}

/** record="record-from-answer[-dual]" / "record-from-ringing[-dual]": the caller's side, both parties. */
function recordDial(session: CallSession, node: TwimlNode, options: { recordMode: string; ringStartMs: number; documentUrl: string }, answeredMs: number): WebhookParams {
  const mode = options.recordMode
  if (!mode.startsWith('record-from-')) return {}
  const dual = mode.endsWith('-dual')
  const recording = saveRecording(session, {
    source: 'DialVerb',
    tracks: [session.party.spoken, session.party.heard],
    channels: dual ? 2 : 1,
    fromMs: mode.startsWith('record-from-ringing') ? options.ringStartMs : answeredMs,
    toMs: session.ctx.clock.now(),
  })
  const callback = node.attrs.recordingStatusCallback
    ? { url: resolveUrl(node.attrs.recordingStatusCallback, options.documentUrl), method: methodAttr(node, 'recordingStatusCallbackMethod'), events: parseRecordingEvents(node.attrs.recordingStatusCallbackEvent) }
    : null
  sendRecordingStatus(session, recording, callback)
  return { RecordingUrl: recordingUrl(session, recording), RecordingSid: recording.sid, RecordingDuration: String(recording.duration) }
}
