import { storeVoicemail, transcriptionParamsSchema } from '@/lib/calls/voicemails'
import { emptyTwiml } from '@/lib/telephony/twiml'
import { twilioWebhook } from '@/lib/telephony/webhook'

export const POST = twilioWebhook({ params: transcriptionParamsSchema, answers: 'callback' }, async ({ db, params }) => {
  await storeVoicemail(db, {
    callSid: params.CallSid,
    recordingSid: params.RecordingSid,
    from: params.From,
    to: params.To,
    recordingUrl: params.RecordingUrl,
    transcription: { text: params.TranscriptionText, status: params.TranscriptionStatus ?? 'completed' },
  })
  return emptyTwiml()
})
