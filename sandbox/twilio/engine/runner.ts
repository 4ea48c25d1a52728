/**
 * Drives a call through TwiML: fetch a document (signed webhook), execute its verbs in order,
 * follow action/Redirect URLs, and end the call when a document runs out. A document that cannot
 * be fetched or parsed goes to the fallback URL with ErrorCode and ErrorUrl; if that fails too
 * (or there is none) the caller hears Twilio's application-error message and the call ends
 * (https://www.twilio.com/docs/usage/security/availability-reliability).
 */
import { synthesizeSpeech } from '../audio/speech'
import { CallInterrupt, type CallSession, type TwimlSource } from './call-session'
import { notifyError } from './notifications'
import { parseTwiml, resolveUrl, TwimlError, methodAttr, type TwimlNode } from './twiml'
import type { WebhookParams, WebhookResult } from './webhook'
import { connectVerb } from './verbs/connect'
import { dialVerb } from './verbs/dial'
import { gatherVerb } from './verbs/gather'
import { playVerb } from './verbs/media'
import { enqueueVerb, leaveVerb } from './verbs/queue'
import { recordVerb } from './verbs/record'
import type { VerbHandler, VerbOutcome } from './verbs/types'

export const APPLICATION_ERROR_MESSAGE = 'We are sorry, an application error has occurred. Goodbye.'

export type RunStart =
  | { kind: 'fetch'; source: TwimlSource; params: WebhookParams; purpose: 'voice' | 'redirect' | 'action' }
  | { kind: 'inline'; twiml: string; documentUrl: string }

interface TwimlDocument {
  verbs: TwimlNode[]
  url: string
}

const HANDLERS: Record<string, VerbHandler> = {
  Say: playVerb,
  Play: playVerb,
  Pause: playVerb,
  Gather: gatherVerb,
  Dial: dialVerb,
  Record: recordVerb,
  Enqueue: enqueueVerb,
  Leave: leaveVerb,
  Connect: connectVerb,
  Redirect: async ({ node, documentUrl, session }) => ({
    next: 'document',
    source: { url: resolveUrl(node.text, documentUrl), method: methodAttr(node) },
    params: session.params(),
    purpose: 'redirect',
  }),
  Hangup: async () => ({ next: 'hangup' }),
}

/** Runs TwiML on the call until it ends or the run is interrupted (redirect, hang-up). */
export async function runTwiml(session: CallSession, start: RunStart): Promise<void> {
  const signal = session.signal
  try {
    let document = start.kind === 'inline' ? inlineDocument(session, start.twiml, start.documentUrl) : await fetchDocument(session, start.source, start.params, start.purpose)
    while (!signal.aborted) {
      if (!document) {
        await applicationError(session, signal)
        return session.hangUp('twiml')
      }
      const outcome = await executeDocument(session, document, signal)
      if (outcome.next !== 'document') return session.hangUp('twiml')
      document = await fetchDocument(session, outcome.source, outcome.params, outcome.purpose)
    }
  } catch (error) {
    if (error instanceof CallInterrupt) return
    session.ctx.log.add(session.sid, 'error', `sandbox engine failure: ${(error as Error).message}`, { stack: (error as Error).stack })
    session.hangUp('twiml')
  }
}

async function executeDocument(session: CallSession, document: TwimlDocument, signal: AbortSignal): Promise<VerbOutcome> {
  for (const node of document.verbs) {
    if (signal.aborted) throw signal.reason
    session.ctx.log.add(session.sid, 'twiml', `<${node.name}>${node.text ? ` ${node.text.slice(0, 80)}` : ''}`, { verb: node.name, attrs: node.attrs, documentUrl: document.url })
    if (node.name === 'Reject') return reject(session, node)
    const handler = HANDLERS[node.name]
    if (!handler) {
      // Valid TwiML the sandbox does not implement: reported like Twilio's schema warnings, and the call goes on.
      notifyError(session, 12200, `Schema validation warning: <${node.name}> is valid TwiML that the sandbox does not implement; skipped`, document.url)
      continue
    }
    // An inbound call is answered by the first verb that is not <Reject> (<Redirect> only fetches more TwiML).
    if (node.name !== 'Redirect' && session.record.status === 'ringing' && session.record.direction === 'inbound') session.setStatus('in-progress')
    const outcome = await handler({ session, node, documentUrl: document.url, signal })
    if (outcome.next !== 'verb') return outcome
  }
  return { next: 'hangup' }
}

/**
 * <Reject> as the first verb leaves the call unanswered with status busy (reason="busy") or
 * no-answer (reason="rejected", the default); later it just ends the call.
 */
function reject(session: CallSession, node: TwimlNode): VerbOutcome {
  if (session.record.status === 'in-progress') return { next: 'hangup' }
  session.setStatus(node.attrs.reason === 'busy' ? 'busy' : 'no-answer')
  return { next: 'hangup' }
}

function inlineDocument(session: CallSession, twiml: string, documentUrl: string): TwimlDocument | null {
  try {
    return { verbs: parseTwiml(twiml), url: documentUrl }
  } catch (error) {
    if (!(error instanceof TwimlError)) throw error
    notifyError(session, error.code, error.message, documentUrl)
    return null
  }
}

export async function fetchDocument(session: CallSession, source: TwimlSource, params: WebhookParams, purpose: 'voice' | 'redirect' | 'action'): Promise<TwimlDocument | null> {
  const primary = parseResponse(session, await session.webhook(purpose, source.url, source.method, { ...session.params(), ...params }), source.url)
  if ('verbs' in primary) return primary
  if (!session.fallback || session.isEnded) return null
  const fallbackParams = { ...session.params(), ...params, ErrorCode: String(primary.errorCode), ErrorUrl: source.url }
  const fallback = parseResponse(session, await session.webhook('fallback', session.fallback.url, session.fallback.method, fallbackParams), session.fallback.url)
  return 'verbs' in fallback ? fallback : null
}

function parseResponse(session: CallSession, result: WebhookResult, documentUrl: string): TwimlDocument | { errorCode: number } {
  if (result.errorCode) {
    notifyError(session, result.errorCode, result.errorMessage ?? 'HTTP failure', documentUrl)
    return { errorCode: result.errorCode }
  }
  // https://www.twilio.com/docs/errors/12300: "You must return a Content-Type for all requests."
  if (!result.contentType) {
    notifyError(session, 12300, 'Invalid Content-Type: the response has no Content-Type', documentUrl)
    return { errorCode: 12300 }
  }
  try {
    return { verbs: parseTwiml(result.body), url: documentUrl }
  } catch (error) {
    if (!(error instanceof TwimlError)) throw error
    notifyError(session, error.code, error.message, documentUrl)
    return { errorCode: error.code }
  }
}

async function applicationError(session: CallSession, signal: AbortSignal): Promise<void> {
  if (session.isEnded) return
  if (session.record.status === 'ringing') session.setStatus('in-progress')
  const speech = await session.ctx.busy(synthesizeSpeech(APPLICATION_ERROR_MESSAGE, { voice: 'woman' }))
  session.ctx.log.add(session.sid, 'audio', `application error message: "${APPLICATION_ERROR_MESSAGE}"`, { engine: speech.engine })
  await session.play(speech.samples, signal)
}
