/**
 * <Dial><Conference>name</Conference></Dial> (https://www.twilio.com/docs/voice/twiml/conference):
 * callers who dial the same name in one account meet in one room. A conference starts once two
 * participants are in it and one of them has startConferenceOnEnter (default true); until then a
 * participant waits to hold music. In a started conference everyone hears everyone else. A
 * participant leaves by hanging up, by '*' with hangupOnStar, at the Dial's timeLimit, or when a
 * participant with endConferenceOnExit="true" leaves, which ends the conference for all.
 *
 * The Dial action then carries DialCallStatus=answered ("When calling a conference, the called
 * party answered the call and was connected to the caller"), DialBridged (whether the participant
 * was ever connected to others), and neither DialCallSid nor DialCallDuration ("This parameter is
 * not sent after dialing a conference"): https://www.twilio.com/docs/voice/twiml/dial#action.
 */
import { holdMusic } from '../../audio/tones'
import type { AudioSegment } from '../../audio/track'
import type { CallSession } from '../call-session'
import type { EngineContext } from '../context'
import { boolAttr, intAttr, type TwimlNode } from '../twiml'
import type { VerbContext } from './types'

interface Participant {
  session: CallSession
  startsConference: boolean
  endsConference: boolean
  muted: boolean
  hear: (segment: AudioSegment) => void
}

interface Room {
  name: string
  participants: Participant[]
  started: boolean
  /** Called whenever the room changes (someone joins or leaves, it starts or ends). */
  changed: Set<() => void>
  ended: boolean
}

const rooms = new WeakMap<EngineContext, Map<string, Room>>()

function roomFor(session: CallSession, name: string): Room {
  const byKey = rooms.get(session.ctx) ?? new Map<string, Room>()
  rooms.set(session.ctx, byKey)
  const key = `${session.record.accountSid}:${name}`
  let room = byKey.get(key)
  if (!room || room.ended) {
    room = { name, participants: [], started: false, changed: new Set(), ended: false }
    byKey.set(key, room)
  }
  return room
}

const notify = (room: Room) => {
  for (const listener of [...room.changed]) listener()
}

/** Joins the conference until leaving it; resolves (or, on hang-up, rejects) with whether the participant was ever connected. */
export async function dialConference({ session, node, signal }: VerbContext, conferenceNode: TwimlNode): Promise<{ bridged: boolean }> {
  const room = roomFor(session, conferenceNode.text)
  const me: Participant = {
    session,
    startsConference: boolAttr(conferenceNode, 'startConferenceOnEnter', true),
    endsConference: boolAttr(conferenceNode, 'endConferenceOnExit', false),
    muted: boolAttr(conferenceNode, 'muted', false),
    hear: (segment) => session.party.hear(segment.samples, segment.atMs),
  }
  // What I say reaches everyone else in a started conference (unless I am muted).
  const speak = (segment: AudioSegment) => {
    if (!room.started || me.muted) return
    for (const other of room.participants) if (other !== me) other.hear(segment)
  }
  session.party.on('speech', speak)
  room.participants.push(me)
  session.ctx.log.add(session.sid, 'dial', `joined conference ${room.name} (${room.participants.length} in it)`, { conference: room.name })
  if (!room.started && room.participants.length >= 2 && room.participants.some((p) => p.startsConference)) room.started = true
  notify(room)
  let bridged = room.started
  const timeLimitMs = intAttr(node, 'timeLimit', 14400) * 1000
  const deadline = session.ctx.clock.now() + timeLimitMs
  const hangupOnStar = node.attrs.hangupOnStar === 'true'
  try {
    for (;;) {
      if (room.ended) break
      const remaining = deadline - session.ctx.clock.now()
      if (remaining <= 0) break
      // Waiting for the conference to start: hold music, listening for the room to change.
      const outcome = await session.waitFor<'changed' | 'star'>(room.started ? remaining : Math.min(remaining, 2000), signal, (done) => {
        const onChange = () => done('changed')
        room.changed.add(onChange)
        const stopDigits = hangupOnStar ? session.onDigit((digit) => digit === '*' && done('star')) : () => {}
        const music = new AbortController()
        if (!room.started) void session.play(holdMusic(), AbortSignal.any([signal, music.signal])).catch(() => {})
        return () => {
          room.changed.delete(onChange)
          stopDigits()
          music.abort()
        }
      })
      if (outcome === 'star') break
      bridged ||= room.started
    }
  } catch (interrupt) {
    throw Object.assign(interrupt as object, { conference: { bridged: bridged || room.started } })
  } finally {
    session.party.off('speech', speak)
    room.participants = room.participants.filter((p) => p !== me)
    session.ctx.log.add(session.sid, 'dial', `left conference ${room.name}`, { conference: room.name })
    if ((me.endsConference && room.started) || room.participants.length === 0) room.ended = true
    notify(room)
  }
  return { bridged }
}
