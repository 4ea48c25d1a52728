import { appendVoicemail, SAY_VOICE, VoiceResponse } from '@/lib/telephony/twiml'
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

export function planTwiml(plan: InboundPlan, call: CallParties, targets: TwimlTargets): string {
  const response = new VoiceResponse()
  const url = (path: string) => `${targets.publicUrl}/api/voice/${path}`
  // Every dialled leg reports its progress so it attaches to this call in the log.
  const legStatus = { statusCallback: url('status'), statusCallbackEvent: [...CHILD_LEG_EVENTS] }
  switch (plan.kind) {
    case 'ai': {
      if (!call.streamToken) throw new Error('the AI route needs a signed stream token')
      if (plan.disclosure) response.say({ voice: SAY_VOICE }, plan.disclosure)
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
      const dial = response.dial({ answerOnBridge: true, timeout: DIAL_TIMEOUT_SECONDS, callerId: plan.callerId, action: url('dial-status') })
      dial.client(legStatus, plan.clientIdentity)
      if (plan.forwardingNumber) dial.number(legStatus, plan.forwardingNumber)
      break
    }
    case 'queue':
      response.enqueue({ waitUrl: url('queue-wait'), action: url('dial-status') }, plan.queueName)
      break
    case 'forward': {
      const dial = response.dial({ answerOnBridge: true, timeout: DIAL_TIMEOUT_SECONDS, callerId: plan.callerId, action: url('dial-status') })
      dial.number(legStatus, plan.phoneNumber)
      break
    }
    case 'voicemail':
      appendVoicemail(response, plan.greeting, targets.publicUrl)
      break
    case 'message':
      response.say({ voice: SAY_VOICE }, plan.message)
      response.hangup()
      break
    case 'unknown-number':
      response.say({ voice: SAY_VOICE }, UNKNOWN_NUMBER_MESSAGE)
      response.hangup()
      break
  }
  return response.toString()
}

/** What a queued caller hears while waiting: their place in line, then hold music; Twilio loops it. */
export function queueWaitTwiml(position: number | null, holdMusicUrl: string): string {
  const response = new VoiceResponse()
  if (position) response.say({ voice: SAY_VOICE }, position === 1 ? 'You are next in line. Thank you for waiting.' : `You are number ${position} in line. Thank you for waiting.`)
  response.play(holdMusicUrl)
  return response.toString()
}

/** Played to the waiting caller the moment an agent dequeues them (<Dial><Queue url>). */
export function queueConnectTwiml(): string {
  const response = new VoiceResponse()
  response.say({ voice: SAY_VOICE }, 'Thank you for waiting. You are now being connected.')
  return response.toString()
}

/** After the call is done with: a thank-you after a voicemail, silence otherwise. */
export function goodbyeTwiml(message?: string): string {
  const response = new VoiceResponse()
  if (message) response.say({ voice: SAY_VOICE }, message)
  response.hangup()
  return response.toString()
}
