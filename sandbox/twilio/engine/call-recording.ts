/**
 * Recording a whole call (outbound API Record=true): from answer to hang-up, mono or dual
 * (RecordingChannels), source OutboundAPI, announced to RecordingStatusCallback.
 */
import type { CallSession } from './call-session'
import { sendRecordingStatus, saveRecording, type RecordingCallbackConfig } from './recordings'

export function recordWholeCall(session: CallSession, channels: 1 | 2, callback: RecordingCallbackConfig | null): void {
  const fromMs = session.ctx.clock.now()
  session.ctx.log.add(session.sid, 'recording', `call recording started (${channels} ch)`, { channels })
  session.onEnd(() => {
    const recording = saveRecording(session, { source: 'OutboundAPI', tracks: [session.party.spoken, session.party.heard], channels, fromMs, toMs: session.ctx.clock.now() })
    sendRecordingStatus(session, recording, callback)
  })
}
