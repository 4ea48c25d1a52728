import type { SayVoice } from '@/lib/numbers/voices'
import { appendEnqueue, DIAL_TIMEOUT_SECONDS, dialClient, legStatusCallback } from '@/lib/routing/inbound-twiml'
import { VoiceResponse } from '@/lib/telephony/twiml'
import type { TransferTarget } from './transfer-targets'

// The TwiML that replaces the receptionist's stream when it transfers a call, and what follows a
// transfer nobody answered. Pure: the I/O is in run-tool.ts and transfer-ended.ts.

export const TRANSFER_ENDED_PATH = '/api/voice/transfer-ended'

export interface TransferTwimlTargets {
  publicUrl: string
  /** The called number (the organization's), shown to the person or number dialled. */
  callerId: string
  /** The caller's own number, for the softphone's incoming-call card. */
  callerNumber: string
  sayVoice: SayVoice
}

export const transferAnnouncement = (target: TransferTarget) => `Please hold while I transfer you to ${target.name}.`

/**
 * A short announcement in the number's voice, then: a team's queue (as routing enqueues), or a
 * <Dial> to the person's softphone (<Client>, as routing's 'user' plan) or to the outside number,
 * whose action tells us when nobody answered.
 */
export function transferTwiml(target: TransferTarget, targets: TransferTwimlTargets): string {
  const response = new VoiceResponse()
  response.say({ voice: targets.sayVoice }, transferAnnouncement(target))
  // The caller heard any recording disclosure at the start, and a recording of the AI call goes on
  // across the new TwiML (it belongs to the call, not to the stream): nothing more is started.
  if (target.kind === 'queue') {
    appendEnqueue(response, target.name, targets.sayVoice, targets.publicUrl)
    return response.toString()
  }
  const action = `${targets.publicUrl}${TRANSFER_ENDED_PATH}?${new URLSearchParams({ target: target.name })}`
  const dial = response.dial({ answerOnBridge: true, timeout: DIAL_TIMEOUT_SECONDS, callerId: targets.callerId, action })
  if (target.kind === 'agent') dialClient(dial, target.clientIdentity, { calledNumber: targets.callerId, callerNumber: targets.callerNumber }, targets.publicUrl)
  else dial.number(legStatusCallback(targets.publicUrl), target.e164)
  return response.toString()
}

export type AfterTransfer = 'done' | 'receptionist' | 'voicemail'

/**
 * After a <Dial> transfer: nothing more once someone answered (the conversation is over); otherwise
 * back to the receptionist or to voicemail, as the settings say — voicemail too when the AI is
 * unavailable.
 */
export function decideAfterTransfer(dialCallStatus: string | undefined, noAnswer: 'receptionist' | 'voicemail', aiAvailable: boolean): AfterTransfer {
  if (dialCallStatus === 'completed' || dialCallStatus === 'answered') return 'done'
  return noAnswer === 'receptionist' && aiAvailable ? 'receptionist' : 'voicemail'
}
