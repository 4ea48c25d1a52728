/**
 * <Record transcribe="true" transcribeCallback="…">. The sandbox has no speech recognition: when
 * the caller's recorded audio was synthesized from text (control API "say"), that text is the
 * transcription; otherwise a fixed notice says no text is available. Status is `completed`.
 */
import { newSid, type RecordingRecord } from '../store'
import type { CallSession } from './call-session'
import { recordingUrl } from './recordings'
import { resolveUrl, type TwimlNode } from './twiml'

export const NO_TRANSCRIPT_NOTICE = '(sandbox transcription: the recorded audio was not synthesized from text, so no transcript is available)'

export function transcriptionText(session: CallSession, recording: RecordingRecord): string {
  const fromMs = recording.startTime.getTime()
  const texts = session.party.spoken.textsBetween(fromMs - 1, fromMs + recording.duration * 1000 + 1)
  return texts.length > 0 ? texts.join(' ') : NO_TRANSCRIPT_NOTICE
}

export function sendTranscription(session: CallSession, recording: RecordingRecord, node: TwimlNode, documentUrl: string): void {
  const text = transcriptionText(session, recording)
  const transcriptionSid = newSid('TR')
  session.ctx.log.add(session.sid, 'recording', `transcription ${transcriptionSid}: "${text}"`, { transcriptionSid, recordingSid: recording.sid, text })
  if (!node.attrs.transcribeCallback) return
  const params = session.params({
    TranscriptionSid: transcriptionSid,
    TranscriptionText: text,
    TranscriptionStatus: 'completed',
    TranscriptionUrl: `${session.ctx.publicBaseUrl()}/2010-04-01/Accounts/${recording.accountSid}/Transcriptions/${transcriptionSid}`,
    RecordingSid: recording.sid,
    RecordingUrl: recordingUrl(session, recording),
  })
  // transcribeCallback is always POSTed (the Record verb's method applies to its action only).
  void session.webhook('transcribe-callback', resolveUrl(node.attrs.transcribeCallback, documentUrl), 'POST', params)
}
