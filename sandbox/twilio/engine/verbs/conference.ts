/**
 * <Dial><Conference>name</Conference></Dial> (https://www.twilio.com/docs/voice/twiml/conference):
 * the call joins the account's room of that name (conference/room.ts) with the noun's muted,
 * beep, startConferenceOnEnter, endConferenceOnExit, participantLabel, waitUrl/waitMethod
 * (empty: silence; absent: hold music), maxParticipants (default and limit 250; the first
 * participant opens the room with it) and statusCallback/statusCallbackMethod/
 * statusCallbackEvent (conference/events.ts). It leaves by hanging up, '*' with hangupOnStar,
 * the Dial's timeLimit, being removed through the API, or the conference ending; its TwiML then
 * goes on after the <Dial>.
 *
 * The Dial action then carries DialCallStatus=answered ("When calling a conference, the called
 * party answered the call and was connected to the caller"), DialBridged (whether the participant
 * was ever connected to others), and neither DialCallSid nor DialCallDuration ("This parameter is
 * not sent after dialing a conference"): https://www.twilio.com/docs/voice/twiml/dial#action. A
 * full conference (16020) leaves the call unjoined: the sandbox reports DialCallStatus=failed.
 */
import type { Background } from '../conference/audio'
import { attend } from '../conference/attend'
import { parseConferenceEvents } from '../conference/events'
import { MAX_PARTICIPANTS } from '../conference/manager'
import { Participant, type BeepSetting } from '../conference/room'
import { boolAttr, intAttr, methodAttr, resolveUrl, type TwimlNode } from '../twiml'
import type { VerbContext } from './types'

export interface ConferenceDialResult {
  joined: boolean
  bridged: boolean
}

const BEEPS: readonly BeepSetting[] = ['true', 'false', 'onEnter', 'onExit']

/** Joins the conference until leaving it; on hang-up rejects with the CallInterrupt (carrying `conference.bridged`). */
export async function dialConference({ session, node, documentUrl, signal }: VerbContext, noun: TwimlNode): Promise<ConferenceDialResult> {
  const url = (name: string) => resolveUrl(noun.attrs[name]!, documentUrl)
  const callback = noun.attrs.statusCallback ? { url: url('statusCallback'), method: methodAttr(noun, 'statusCallbackMethod'), events: parseConferenceEvents(noun.attrs.statusCallbackEvent) } : null
  const conference = session.ctx.conferences.findOrCreate(session.record.accountSid, noun.text, {
    maxParticipants: Math.min(Math.max(intAttr(noun, 'maxParticipants', MAX_PARTICIPANTS), 2), MAX_PARTICIPANTS),
    callback,
  })
  const wait: Background = noun.attrs.waitUrl === undefined ? 'music' : noun.attrs.waitUrl === '' ? 'silence' : { url: url('waitUrl'), method: methodAttr(noun, 'waitMethod') }
  const beep = BEEPS.find((b) => b === noun.attrs.beep) ?? 'true'
  const participant = new Participant(session, conference, {
    label: noun.attrs.participantLabel ?? null,
    muted: boolAttr(noun, 'muted', false),
    beep,
    startConferenceOnEnter: boolAttr(noun, 'startConferenceOnEnter', true),
    endConferenceOnExit: boolAttr(noun, 'endConferenceOnExit', false),
    wait,
  })
  const result = await attend(participant, { timeLimitMs: intAttr(node, 'timeLimit', 14400) * 1000, hangupOnStar: node.attrs.hangupOnStar === 'true', callback, signal })
  return result.joined ? { joined: true, bridged: result.bridged } : { joined: false, bridged: false }
}
