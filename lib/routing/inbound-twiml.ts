import { DEFAULT_SAY_VOICE, type SayVoice } from '@/lib/numbers/voices'
import { appendVoicemail, VoiceResponse, withSayVoice } from '@/lib/telephony/twiml'
import { RECORDING_EVENTS, RECORDING_STATUS_PATH, type CallRecording } from '@/lib/recordings/policy'
import { UNKNOWN_NUMBER_MESSAGE, type InboundPlan } from './inbound-route'

// Plans → TwiML with twiml's own VoiceResponse (https://www.twilio.com/docs/voice/twiml). Pure:
// every URL and the signed stream token come in as arguments.

export interface TwimlTargets {
  publicUrl: string
  /** The media server's public WebSocket base, e.g. wss://media.example.com. */
  mediaServerUrl: string
  holdMusicUrl: string
}

export interface CallParties {
  from: string
  to: string
  /** For the AI route: the token lib/telephony/stream-token.ts signed for this call. */
  streamToken?: string
}

export const DIAL_TIMEOUT_SECONDS = 30
const CHILD_LEG_EVENTS = ['initiated', 'ringing', 'answered', 'completed'] as const

/** The status callback every dialled leg gets, so it attaches to its parent call in the log. */
export const legStatusCallback = (publicUrl: string) => ({ statusCallback: `${publicUrl}/api/voice/status`, statusCallbackEvent: [...CHILD_LEG_EVENTS] })

/**
 * A member's softphone rings with the caller's number and the number they called as <Client>
 * parameters (the SDK's call.customParameters): the leg's own From is the caller ID <Dial> sets,
 * the organization's number, and its To is the softphone (https://www.twilio.com/docs/voice/twiml/client#custom-parameters).
 */
function ringSoftphone(dial: ReturnType<VoiceResponse['dial']>, legStatus: ReturnType<typeof legStatusCallback>, identity: string, call: CallParties): void {
  const client = dial.client(legStatus)
  client.identity(identity)
  client.parameter({ name: 'callerNumber', value: call.from })
  client.parameter({ name: 'calledNumber', value: call.to })
}

export function planTwiml(plan: InboundPlan, call: CallParties, targets: TwimlTargets): string {
  const response = new VoiceResponse()
  const url = (path: string) => `${targets.publicUrl}/api/voice/${path}`
  const legStatus = legStatusCallback(targets.publicUrl)
  switch (plan.kind) {
    case 'ai': {
      if (!call.streamToken) throw new Error('the AI route needs a signed stream token')
      // The recording itself starts through the Call Recordings API once the call is connected
      // (lib/recordings/start-recording-job.ts): <Connect><Stream> has no record attribute.
      discloseRecording(response, plan.recording, plan.sayVoice)
      // When the stream ends without the caller hanging up (the AI failed or handed back), Twilio
      // requests the action: the caller goes to voicemail instead of silence.
      const connect = response.connect({ action: url('stream-ended') })
      const stream = connect.stream({ url: `${targets.mediaServerUrl}/media-stream` })
      stream.parameter({ name: 'token', value: call.streamToken })
      stream.parameter({ name: 'from', value: call.from })
      stream.parameter({ name: 'to', value: call.to })
      break
    }
    case 'user': {
      discloseRecording(response, plan.recording, plan.sayVoice)
      // record-from-answer-dual: the caller and the person who answers on separate channels, from the
      // moment they are connected (https://www.twilio.com/docs/voice/twiml/dial#record).
      const record = plan.recording.fromConnect
        ? { record: 'record-from-answer-dual' as const, recordingStatusCallback: `${targets.publicUrl}${RECORDING_STATUS_PATH}`, recordingStatusCallbackEvent: [...RECORDING_EVENTS] }
        : {}
      const dial = response.dial({ answerOnBridge: true, timeout: DIAL_TIMEOUT_SECONDS, callerId: plan.callerId, action: url('dial-status'), ...record })
      if (plan.clientIdentity) ringSoftphone(dial, legStatus, plan.clientIdentity, call)
      if (plan.forwardingNumber) dial.number(legStatus, plan.forwardingNumber)
      break
    }
    case 'queue':
      // Recorded when an agent picks the caller up (app/api/voice/queue-connect). The wait URL is
      // requested again and again while the caller waits: it carries the voice rather than
      // looking the number up each time.
      discloseRecording(response, plan.recording, plan.sayVoice)
      appendEnqueue(response, plan.queueName, plan.sayVoice, targets.publicUrl)
      break
    case 'forward': {
      const dial = response.dial({ answerOnBridge: true, timeout: DIAL_TIMEOUT_SECONDS, callerId: plan.callerId, action: url('dial-status') })
      dial.number(legStatus, plan.phoneNumber)
      break
    }
    case 'voicemail':
      appendVoicemail(response, plan.greeting, targets.publicUrl, plan.sayVoice)
      break
    case 'message':
      response.say({ voice: plan.sayVoice }, plan.message)
      response.hangup()
      break
    case 'unknown-number':
      response.say({ voice: plan.sayVoice }, UNKNOWN_NUMBER_MESSAGE)
      response.hangup()
      break
  }
  return response.toString()
}

/** The caller waits in the queue; the wait URL announces their place (queue-wait), the action follows the wait. */
export function appendEnqueue(response: VoiceResponse, queueName: string, sayVoice: SayVoice, publicUrl: string): void {
  response.enqueue({ waitUrl: withSayVoice(`${publicUrl}/api/voice/queue-wait`, sayVoice), action: `${publicUrl}/api/voice/dial-status` }, queueName)
}

function discloseRecording(response: VoiceResponse, recording: CallRecording, voice: SayVoice): void {
  if (recording.disclosure) response.say({ voice }, recording.disclosure)
}

/** What a queued caller hears while waiting: their place in line, then hold music; Twilio loops it. */
export function queueWaitTwiml(position: number | null, holdMusicUrl: string, voice: SayVoice = DEFAULT_SAY_VOICE): string {
  const response = new VoiceResponse()
  if (position) response.say({ voice }, position === 1 ? 'You are next in line. Thank you for waiting.' : `You are number ${position} in line. Thank you for waiting.`)
  response.play(holdMusicUrl)
  return response.toString()
}

/** Played to the waiting caller the moment an agent dequeues them (<Dial><Queue url>). */
export function queueConnectTwiml(voice: SayVoice = DEFAULT_SAY_VOICE): string {
  const response = new VoiceResponse()
  response.say({ voice }, 'Thank you for waiting. You are now being connected.')
  return response.toString()
}

/** How long stream-ended holds the caller for the hand-back's redirect before fetching voicemail itself. */
export const AWAIT_REDIRECT_SECONDS = 10

/**
 * Silence while the hand-back's Calls update replaces this TwiML (it arrives within a second);
 * if it never does (the update failed), the caller still reaches voicemail.
 */
export function awaitRedirectTwiml(publicUrl: string): string {
  const response = new VoiceResponse()
  response.pause({ length: AWAIT_REDIRECT_SECONDS })
  response.redirect({ method: 'POST' }, `${publicUrl}/api/voice/voicemail`)
  return response.toString()
}

/** After the call is done with: a thank-you after a voicemail, silence otherwise. */
export function goodbyeTwiml(message?: string, voice: SayVoice = DEFAULT_SAY_VOICE): string {
  const response = new VoiceResponse()
  if (message) response.say({ voice }, message)
  response.hangup()
  return response.toString()
}
