/**
 * <Record> (https://www.twilio.com/docs/voice/twiml/record): beep (playBeep, default true), then
 * record the caller until `finishOnKey` (default any key 0-9 * #), `timeout` seconds of silence
 * (default 5; 0 = never) or `maxLength` seconds (default 3600). Leading and trailing silence is
 * trimmed unless trim="do-not-trim". Then Twilio requests `action` (default: the current
 * document URL) with RecordingUrl, RecordingSid, RecordingDuration and Digits; an empty recording
 * skips the action and falls through. A hang-up ends the recording too: the action is still
 * requested (Digits=hangup), its TwiML ignored. transcribe="true" posts to transcribeCallback.
 */
import { beep } from '../../audio/tones'
import { CallInterrupt, type CallSession } from '../call-session'
import { DigitQueue } from '../digits'
import { parseRecordingEvents, recordingUrl, saveRecording, sendRecordingStatus } from '../recordings'
import { sendTranscription } from '../transcription'
import { boolAttr, intAttr, methodAttr, resolveUrl, type TwimlNode } from '../twiml'
import { CONTINUE, type VerbContext, type VerbOutcome } from './types'

const DEFAULT_FINISH_KEYS = '1234567890*#'

interface RecordEnd {
  endMs: number
  digits: string
}

export async function recordVerb(context: VerbContext): Promise<VerbOutcome> {
  const { session, node, signal } = context
  if (boolAttr(node, 'playBeep', true)) await session.play(beep(), signal)
  const startMs = session.ctx.clock.now()
  const digits = new DigitQueue(session)
  let end: RecordEnd
  try {
    end = await recordUntilDone(session, node, startMs, digits, signal)
  } catch (interrupt) {
    if (interrupt instanceof CallInterrupt && interrupt.reason === 'hangup') {
      const outcome = await finish(context, startMs, { endMs: session.ctx.clock.now(), digits: 'hangup' })
      if (outcome.next === 'document') await session.webhook('action', outcome.source.url, outcome.source.method, session.params(outcome.params))
    }
    throw interrupt
  } finally {
    digits.close()
  }
  return finish(context, startMs, end)
}

async function recordUntilDone(session: CallSession, node: TwimlNode, startMs: number, digits: DigitQueue, signal: AbortSignal): Promise<RecordEnd> {
  const silenceMs = intAttr(node, 'timeout', 5) * 1000
  const limitMs = startMs + intAttr(node, 'maxLength', 3600) * 1000
  const finishKeys = node.attrs.finishOnKey ?? DEFAULT_FINISH_KEYS
  const spoken = session.party.spoken
  for (;;) {
    const now = session.ctx.clock.now()
    // Silence runs from the end of whatever the caller last said (or the start).
    const silenceDeadline = silenceMs > 0 ? Math.max(startMs, spoken.endMs()) + silenceMs : Infinity
    const deadline = Math.min(limitMs, silenceDeadline)
    if (deadline <= now) return { endMs: deadline === limitMs ? limitMs : Math.max(startMs, spoken.endMs()), digits: '' }
    await session.waitFor<'speech' | 'digit'>(deadline - now, signal, (done) => {
      const onSpeech = () => done('speech')
      session.party.on('speech', onSpeech)
      const stopWaiting = digits.onArrival(() => done('digit'))
      return () => {
        session.party.off('speech', onSpeech)
        stopWaiting()
      }
    })
    for (let digit = digits.take(); digit !== undefined; digit = digits.take()) {
      if (finishKeys.includes(digit)) return { endMs: session.ctx.clock.now(), digits: digit }
    }
  }
}

async function finish({ session, node, documentUrl }: VerbContext, startMs: number, end: RecordEnd): Promise<VerbOutcome> {
  const window = speechWindow(session, node, startMs, end.endMs)
  if (!window) {
    session.ctx.log.add(session.sid, 'recording', 'empty recording: no action request, next verb', {})
    return CONTINUE
  }
  const recording = saveRecording(session, { source: 'RecordVerb', tracks: [session.party.spoken], channels: 1, ...window })
  const callback = node.attrs.recordingStatusCallback
    ? { url: resolveUrl(node.attrs.recordingStatusCallback, documentUrl), method: methodAttr(node, 'recordingStatusCallbackMethod'), events: parseRecordingEvents(node.attrs.recordingStatusCallbackEvent) }
    : null
  sendRecordingStatus(session, recording, callback)
  if (boolAttr(node, 'transcribe', false) || node.attrs.transcribeCallback) sendTranscription(session, recording, node, documentUrl)
  const params = {
    RecordingUrl: recordingUrl(session, recording),
    RecordingSid: recording.sid,
    RecordingDuration: String(recording.duration),
    Digits: end.digits,
  }
  return { next: 'document', source: { url: resolveUrl(node.attrs.action ?? documentUrl, documentUrl), method: methodAttr(node) }, params, purpose: 'action' }
}

/** The recorded span: trimmed to the caller's speech by default, or the whole window. */
function speechWindow(session: CallSession, node: TwimlNode, startMs: number, endMs: number): { fromMs: number; toMs: number } | null {
  const speech = session.party.spoken.spanWithin(startMs, endMs)
  if (!speech) return null
  return node.attrs.trim === 'do-not-trim' ? { fromMs: startMs, toMs: endMs } : speech
}
