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
  /** For a member's route: the conference the caller waits in while their softphone rings (lib/softphone/bridge.ts). */
  bridge?: string
  /** For the AI route: the token lib/telephony/stream-token.ts signed for this call. */
  streamToken?: string
}

export const DIAL_TIMEOUT_SECONDS = 30
const CHILD_LEG_EVENTS = ['initiated', 'ringing', 'answered', 'completed'] as const

/** The status callback every dialled leg gets, so it attaches to its parent call in the log. */
export const legStatusCallback = (publicUrl: string) => ({ statusCallback: `${publicUrl}/api/voice/status`, statusCallbackEvent: [...CHILD_LEG_EVENTS] })

type DialVerb = ReturnType<VoiceResponse['dial']>

/**
 * A softphone leg: the identity, with the numbers the incoming-call card shows as the SDK's
 * `call.customParameters` (https://www.twilio.com/docs/voice/twiml/client#custom-parameters).
 */
export function dialClient(dial: DialVerb, identity: string, numbers: { calledNumber: string; callerNumber: string }, publicUrl: string): void {
  const client = dial.client(legStatusCallback(publicUrl))
  client.identity(identity)
  client.parameter({ name: 'calledNumber', value: numbers.calledNumber })
  client.parameter({ name: 'callerNumber', value: numbers.callerNumber })
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
      // Bridged: the member's phones were dialled into the conference; the recording starts
      // through the Call Recordings API when one answers (bridge.ts).
      if (call.bridge) {
        appendBridgeConference(response, call.bridge, targets.publicUrl)
        break
      }
      // record-from-answer-dual: the caller and the person who answers on separate channels, from the
      // moment they are connected (https://www.twilio.com/docs/voice/twiml/dial#record).
      const record = plan.recording.fromConnect
        ? { record: 'record-from-answer-dual' as const, recordingStatusCallback: `${targets.publicUrl}${RECORDING_STATUS_PATH}`, recordingStatusCallbackEvent: [...RECORDING_EVENTS] }
        : {}
      const dial = response.dial({ answerOnBridge: true, timeout: DIAL_TIMEOUT_SECONDS, callerId: plan.callerId, action: url('dial-status'), ...record })
      if (plan.clientIdentity) dialClient(dial, plan.clientIdentity, { calledNumber: call.to, callerNumber: call.from }, targets.publicUrl)
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

/**
 * The customer's side of a bridged call. Twilio's contact-center pattern puts every party of an
 * agent's call in a named conference, so hold (the participant's hold/holdUrl) and transfer (add a
 * participant, remove the first agent) work
 * (https://www.twilio.com/docs/taskrouter/contact-center-blueprint/call-control-concepts): the
 * customer hears hold music until an agent joins (startConferenceOnEnter false) and their leaving
 * ends the conference (endConferenceOnExit). The Dial action then hears DialCallStatus=answered.
 */
export function appendBridgeConference(response: VoiceResponse, conference: string, publicUrl: string): void {
  const dial = response.dial({ action: `${publicUrl}/api/voice/dial-status` })
  dial.conference({ startConferenceOnEnter: false, endConferenceOnExit: true, beep: 'false', participantLabel: BRIDGE_CUSTOMER_LABEL, waitUrl: `${publicUrl}${HOLD_MUSIC_PATH}`, waitMethod: 'POST' }, conference)
}

export const BRIDGE_CUSTOMER_LABEL = 'customer'
export const HOLD_MUSIC_PATH = '/api/voice/hold-music'

/** A conference's waitUrl and holdUrl: the hold music, which Twilio requests again when it ends. */
export function holdMusicTwiml(holdMusicUrl: string): string {
  const response = new VoiceResponse()
  response.play(holdMusicUrl)
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
