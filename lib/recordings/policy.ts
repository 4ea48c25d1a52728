// Whether a call is recorded (spec: "Recording Configuration"), decided from the organization's
// policy and the called number's override, without I/O. ALL records from the moment the call is
// connected to a person or the AI; ON_DEMAND records only when a member starts it during the call;
// NONE never. The disclosure is played whenever the call may be recorded, so ON_DEMAND plays it too.

export type RecordingPolicy = 'ALL' | 'NONE' | 'ON_DEMAND'

export interface CallRecording {
  policy: RecordingPolicy
  /** Said before anything else when the call may be recorded; null otherwise. */
  disclosure: string | null
  /** Whether the call is recorded from its connection, without anyone asking. */
  fromConnect: boolean
}

export function decideCallRecording(organization: { recordingPolicy: RecordingPolicy; recordingDisclosure: string }, numberPolicy: RecordingPolicy | null): CallRecording {
  const policy = numberPolicy ?? organization.recordingPolicy
  const disclosure = policy === 'NONE' ? null : organization.recordingDisclosure.trim() || null
  return { policy, disclosure, fromConnect: policy === 'ALL' }
}

/** Twilio's RecordingStatusCallbackEvent values we listen to: the finished recording, or its absence. */
export const RECORDING_EVENTS = ['completed', 'absent'] as const

/** The path of the recording status callback (app/api/voice/recording-status). */
export const RECORDING_STATUS_PATH = '/api/voice/recording-status'
