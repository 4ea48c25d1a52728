/**
 * <Gather> (https://www.twilio.com/docs/voice/twiml/gather) with input="dtmf" (the default),
 * "speech" or "dtmf speech". Nested Say/Play/Pause prompts play until the caller presses a key or
 * starts speaking (speech barges in, as bargeIn="true" by default); then Twilio waits `timeout`
 * seconds (default 5) for input to begin. With both inputs the first one detected decides:
 *
 * - Keys: each further digit must come within `timeout`; input ends at `numDigits`, at
 *   `finishOnKey` (default #, not part of Digits) or on timeout. The action gets Digits and
 *   FinishedOnKey. Speech after the first key is not listened to.
 * - Speech: recognition ends `speechTimeout` seconds after the caller stops talking (default: the
 *   `timeout` value; "auto" ends at the first pause). The action gets SpeechResult and Confidence
 *   (and Language). Keys after speech began are ignored, finishOnKey included. The sandbox knows
 *   the text a simulated caller's speech was synthesized from, and reports it the way Twilio's
 *   recognizer formats a transcript: first letter capitalized, ending in a full stop. Audio that
 *   was not synthesized from text (a WAV, a tone) is unrecognizable: an empty result.
 *
 * No input falls through to the next verb unless actionOnEmptyResult="true". `hints` bias a real
 * recognizer; the sandbox already knows the words, so it only logs them. With partialResultCallback
 * each utterance heard so far is posted as it arrives (UnstableSpeechResult with the newest words,
 * StableSpeechResult with the words before them, Stability, SequenceNumber from 1), its answer
 * ignored. An invalid speechTimeout is warning 13327.
 */
import { durationMs, type AudioSegment } from '../../audio/track'
import type { CallSession } from '../call-session'
import { boolAttr, intAttr, methodAttr, resolveUrl, type TwimlNode } from '../twiml'
import type { WebhookParams } from '../webhook'
import { notifyError } from '../notifications'
import { GatherInput } from './gather-input'
import { verbAudio } from './media'
import { CONTINUE, type VerbContext, type VerbOutcome } from './types'

/** How long a pause ends speech under speechTimeout="auto". Twilio does not publish its figure. */
export const AUTO_SPEECH_PAUSE_MS = 1000
/** Reported for speech synthesized from known text: the sandbox recognizes it exactly. */
export const SYNTHESIZED_SPEECH_CONFIDENCE = '0.92'

export async function gatherVerb({ session, node, documentUrl, signal }: VerbContext): Promise<VerbOutcome> {
  const modes = (node.attrs.input ?? 'dtmf').split(/\s+/)
  const input = new GatherInput(session, { dtmf: modes.includes('dtmf'), speech: modes.includes('speech') })
  if (node.attrs.hints) session.ctx.log.add(session.sid, 'gather', `hints: ${node.attrs.hints}`, { hints: node.attrs.hints })
  try {
    await playPrompts(session, node, documentUrl, input, signal)
    const timeoutMs = intAttr(node, 'timeout', 5) * 1000
    const toAction = (params: WebhookParams): VerbOutcome => ({ next: 'document', source: { url: resolveUrl(node.attrs.action ?? documentUrl, documentUrl), method: methodAttr(node) }, params, purpose: 'action' })
    const params = (await input.wait(timeoutMs, signal)) ? await collect(session, node, documentUrl, input, timeoutMs, signal) : null
    if (params) return toAction(params)
    session.ctx.log.add(session.sid, 'gather', 'no input', {})
    if (!boolAttr(node, 'actionOnEmptyResult', false)) return CONTINUE
    return toAction(input.accepts.dtmf ? { Digits: '', FinishedOnKey: '' } : {})
  } finally {
    input.close()
  }
}

async function playPrompts(session: CallSession, node: TwimlNode, documentUrl: string, input: GatherInput, signal: AbortSignal) {
  for (const prompt of node.children) {
    const audio = await verbAudio(session, prompt, documentUrl)
    const loops = prompt.name === 'Pause' ? 1 : Math.max(1, intAttr(prompt, 'loop', 1))
    for (let i = 0; i < loops; i++) if (await session.play(audio, signal, input)) return
  }
}

/** Input has begun: the first event decides between keys and speech. Null when nothing usable came. */
async function collect(session: CallSession, node: TwimlNode, documentUrl: string, input: GatherInput, timeoutMs: number, signal: AbortSignal): Promise<WebhookParams | null> {
  const first = input.take()!
  if (first.kind === 'digit') return collectDigits(session, node, input, first.digit, timeoutMs, signal)
  return collectSpeech(session, node, documentUrl, input, first.segment, speechPauseMs(session, node, timeoutMs, documentUrl), signal)
}

async function collectDigits(session: CallSession, node: TwimlNode, input: GatherInput, firstDigit: string, timeoutMs: number, signal: AbortSignal): Promise<WebhookParams | null> {
  const numDigits = intAttr(node, 'numDigits', Infinity)
  const finishOnKey = node.attrs.finishOnKey ?? '#'
  const nextDigit = async (): Promise<string | null> => {
    for (;;) {
      const event = input.take()
      if (event?.kind === 'digit') return event.digit
      // Speech after the first key is not listened to.
      if (!event && !(await input.wait(timeoutMs, signal))) return null
    }
  }
  let collected = ''
  let finishedOnKey = ''
  for (let digit: string | null = firstDigit; digit !== null; digit = collected.length < numDigits ? await nextDigit() : null) {
    if (finishOnKey !== '' && digit === finishOnKey) {
      finishedOnKey = digit
      break
    }
    collected += digit
  }
  session.ctx.log.add(session.sid, 'dtmf', `gathered "${collected}"${finishedOnKey ? ` (ended by ${finishedOnKey})` : ''}`, { digits: collected, finishedOnKey })
  if (collected === '' && !boolAttr(node, 'actionOnEmptyResult', false)) return null
  return { Digits: collected, FinishedOnKey: finishedOnKey }
}

/**
 * How long a pause ends speech. speechTimeout is a positive whole number of seconds or "auto",
 * and "auto" is refused beside a speechModel; otherwise Twilio logs warning 13327
 * (https://www.twilio.com/docs/api/errors/13327) and, as here, goes on with the timeout.
 */
function speechPauseMs(session: CallSession, node: TwimlNode, timeoutMs: number, documentUrl: string): number {
  const value = node.attrs.speechTimeout
  if (value === undefined) return timeoutMs
  if (value === 'auto' && node.attrs.speechModel === undefined) return AUTO_SPEECH_PAUSE_MS
  if (/^[1-9]\d*$/.test(value)) return Number(value) * 1000
  notifyError(session, 13327, `Gather: Invalid speechTimeout value "${value}"${value === 'auto' ? ' (auto cannot be used with a speechModel)' : ''}`, documentUrl)
  return timeoutMs
}

/** Posts interim results to partialResultCallback, when the Gather names one; null otherwise. */
function partialResults(session: CallSession, node: TwimlNode, documentUrl: string): ((segments: AudioSegment[]) => void) | null {
  const callback = node.attrs.partialResultCallback
  if (!callback) return null
  const url = resolveUrl(callback, documentUrl)
  const method = methodAttr(node, 'partialResultCallbackMethod')
  let sequence = 0
  return (segments) => {
    const words = segments.map((s) => s.text ?? '')
    const params = { UnstableSpeechResult: words.at(-1)!, StableSpeechResult: words.slice(0, -1).join(' '), Stability: '0.9', SequenceNumber: String(++sequence), LanguageCode: node.attrs.language ?? 'en-US' }
    void session.webhook('partial-result-callback', url, method, session.params(params))
  }
}

async function collectSpeech(session: CallSession, node: TwimlNode, documentUrl: string, input: GatherInput, firstSegment: AudioSegment, pauseMs: number, signal: AbortSignal): Promise<WebhookParams | null> {
  const segments = [firstSegment]
  const partials = partialResults(session, node, documentUrl)
  partials?.(segments)
  const speechEnd = () => Math.max(...segments.map((s) => s.atMs + durationMs(s.samples)))
  for (;;) {
    const remaining = speechEnd() + pauseMs - session.ctx.clock.now()
    if (remaining <= 0 || !(await input.wait(remaining, signal))) break
    for (let event = input.take(); event !== undefined; event = input.take()) {
      if (event.kind === 'speech') {
        segments.push(event.segment)
        partials?.(segments)
      } else session.ctx.log.add(session.sid, 'dtmf', `ignored ${event.digit}: the caller is speaking`, { digit: event.digit })
    }
  }
  const texts = segments.map((s) => s.text)
  const heard = texts.every((text) => text !== undefined) ? transcript(texts.join(' ')) : ''
  session.ctx.log.add(session.sid, 'gather', heard ? `recognized "${heard}"` : 'speech not recognized', { speechResult: heard })
  if (!heard) return null
  return { SpeechResult: heard, Confidence: SYNTHESIZED_SPEECH_CONFIDENCE, Language: node.attrs.language ?? 'en-US' }
}

/** A recognizer's transcript of known words: capitalized, with a full stop unless it ends in punctuation. */
function transcript(text: string): string {
  const words = text.trim().replace(/\s+/g, ' ')
  if (!words) return ''
  const capitalized = words[0]!.toUpperCase() + words.slice(1)
  return /[.?!]$/.test(capitalized) ? capitalized : `${capitalized}.`
}
