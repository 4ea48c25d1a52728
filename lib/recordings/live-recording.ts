import type { TwilioClient } from '@/lib/telephony/twilio-client'
import { RECORDING_EVENTS, RECORDING_STATUS_PATH } from './policy'

// Recording a live call through Twilio's Call Recordings API
// (https://www.twilio.com/docs/voice/api/recording#create-a-recording-resource): dual channel
// (the caller on one channel, the AI or agent on the other), announced to our recording status
// callback when completed or absent. Pausing, resuming and stopping address the call's current
// recording (`Twilio.CURRENT`).

export type RecordingAction = 'start' | 'pause' | 'resume' | 'stop'

const isTwilioCode = (error: unknown, code: number) => (error as { code?: number }).code === code

/** Starts recording unless one is already running; 'not-live' when the call is not (or no longer) in progress. */
export async function startCallRecording(twilio: TwilioClient, callSid: string, publicUrl: string): Promise<'started' | 'already' | 'not-live'> {
  const existing = await twilio.calls(callSid).recordings.list({ limit: 20 })
  if (existing.some((recording) => ['in-progress', 'paused'].includes(recording.status))) return 'already'
  try {
    await twilio.calls(callSid).recordings.create({
      recordingChannels: 'dual',
      recordingStatusCallback: `${publicUrl}${RECORDING_STATUS_PATH}`,
      recordingStatusCallbackEvent: [...RECORDING_EVENTS],
    })
    return 'started'
  } catch (error) {
    // 21220: the call is not in progress (still ringing, or over).
    if (isTwilioCode(error, 21220)) return 'not-live'
    throw error
  }
}

export async function controlCallRecording(twilio: TwilioClient, callSid: string, action: RecordingAction, publicUrl: string): Promise<string> {
  if (action === 'start') return startCallRecording(twilio, callSid, publicUrl)
  const status = { pause: 'paused', resume: 'in-progress', stop: 'stopped' } as const
  // PauseBehavior skip: the paused stretch is left out, not kept as silence.
  const updated = await twilio.calls(callSid).recordings('Twilio.CURRENT').update({ status: status[action], ...(action === 'pause' && { pauseBehavior: 'skip' }) })
  return updated.status
}
