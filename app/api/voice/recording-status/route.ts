import { acceptRecording, recordingStatusSchema } from '@/lib/recordings/intake'
import { emptyTwiml } from '@/lib/telephony/twiml'
import { twilioWebhook } from '@/lib/telephony/webhook'

// The recording status callback of recorded calls (<Dial record>, the Call Recordings API): the
// recording is noted and its transfer to S3 queued. A failure answers 500, so Twilio retries.
export const POST = twilioWebhook({ params: recordingStatusSchema, answers: 'callback', timeline: true }, async ({ db, organizationId, params }) => {
  await acceptRecording(db, organizationId, params)
  return emptyTwiml()
})
