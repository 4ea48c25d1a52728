/**
 * <Record transcribe="true" transcribeCallback="…">. The sandbox has no speech recognition: when
 * the caller's recorded audio was synthesized from text (control API "say"), that text is the
 * transcription (status `completed`); otherwise the transcription `failed`, as Twilio reports one
 * it could not make, with no TranscriptionText. Like Twilio's, it arrives some time after the
 * recording (and after the Record action), on the engine clock.
 */
import { newSid, type RecordingRecord } from '../store'
import type { CallSession } from './call-session'
import { recordingUrl } from './recordings'
import { resolveUrl, type TwimlNode } from './twiml'

export const NO_TRANSCRIPT_NOTICE = '(the recorded audio was not synthesized from text, so the sandbox cannot transcribe it)'

/** How long after the recording the transcription callback comes (Twilio: seconds to minutes). */
export const TRANSCRIPTION_DELAY_MS = 3000

export function transcriptionText(session: CallSession, recording: RecordingRecord): string | null {
  const fromMs = recording.startTime.getTime()
  const texts = session.party.spoken.textsBetween(fromMs - 1, fromMs + recording.duration * 1000 + 1)
  return texts.length > 0 ? texts.join(' ') : null
}

export function sendTranscription(session: CallSession, recording: RecordingRecord, node: TwimlNode, documentUrl: string): void {
  const text = transcriptionText(session, recording)
  const transcriptionSid = newSid('TR')
  session.ctx.log.add(session.sid, 'recording', `transcription ${transcriptionSid}: ${text === null ? `failed ${NO_TRANSCRIPT_NOTICE}` : `"${text}"`}`, { transcriptionSid, recordingSid: recording.sid, text })
  if (!node.attrs.transcribeCallback) return
  const params = session.params({
    TranscriptionSid: transcriptionSid,
    ...(text !== null && { TranscriptionText: text }),
    TranscriptionStatus: text === null ? 'failed' : 'completed',
    TranscriptionUrl: `${session.ctx.publicBaseUrl()}/2010-04-01/Accounts/${recording.accountSid}/Transcriptions/${transcriptionSid}`,
    RecordingSid: recording.sid,
    RecordingUrl: recordingUrl(session, recording),
  })
  // transcribeCallback is always POSTed (the Record verb's method applies to its action only).
  const url = resolveUrl(node.attrs.transcribeCallback, documentUrl)
  session.ctx.clock.setTimeout(() => void session.webhook('transcribe-callback', url, 'POST', params), TRANSCRIPTION_DELAY_MS)
}
