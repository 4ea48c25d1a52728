import { recordingParamsSchema, storeVoicemail } from '@/lib/calls/voicemails'
import { acceptVoicemailRecording } from '@/lib/recordings/voicemail-recording'
import { goodbyeTwiml } from '@/lib/routing/inbound-twiml'
import { emptyTwiml, sayVoiceIn } from '@/lib/telephony/twiml'
import { twilioWebhook } from '@/lib/telephony/webhook'

// Both the <Record> action (it drives the call: answer a goodbye) and the recording status
// callback (RecordingStatus set: a notification, answered 500 on failure so Twilio retries).
export const POST = twilioWebhook({ params: recordingParamsSchema, answers: 'callback', timeline: true }, async ({ db, organizationId, params, url }) => {
  const isAction = params.RecordingStatus === undefined
  const store = () =>
    params.RecordingSid
      ? storeVoicemail(db, { callSid: params.CallSid, recordingSid: params.RecordingSid, from: params.From, to: params.To, recordingUrl: params.RecordingUrl, recordingStatus: params.RecordingStatus, durationSeconds: params.RecordingDuration })
      : Promise.resolve()
  if (!isAction) {
    await store()
    // The voicemail's audio goes to S3 like any recording's.
    if (params.RecordingSid) await acceptVoicemailRecording(db, organizationId, { CallSid: params.CallSid, RecordingSid: params.RecordingSid, RecordingStatus: params.RecordingStatus!, RecordingChannels: 1, RecordingSource: 'RecordVerb', ErrorCode: params.ErrorCode })
    return emptyTwiml()
  }
  // The caller must hear goodbye even if storing fails now: the status callback carries the same recording.
  await store().catch((error) => console.error(JSON.stringify({ msg: 'voicemail not stored from the Record action', callSid: params.CallSid, error: String(error) })))
  return goodbyeTwiml('Thank you. Your message has been recorded. Goodbye.', sayVoiceIn(url))
})
