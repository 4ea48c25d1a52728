/**
 * What the Conferences and Participants REST resources do to live conferences
 * (https://www.twilio.com/docs/voice/api/conference-resource,
 * https://www.twilio.com/docs/voice/api/conference-participant-resource):
 * - creating a participant dials To from From through ringTarget (Timeout 5–600 s, default 60;
 *   StatusCallback/StatusCallbackEvent are the call's progress events) and, once answered, puts
 *   the call in the conference with the given settings. The path names the conference by SID or
 *   by friendly name; a name with no live conference opens one (status init), with
 *   MaxParticipants and ConferenceStatusCallback… of this first participant. The call has no
 *   TwiML after the conference: when it leaves (removed, conference ended) it hangs up.
 * - updating sets Muted (participant-mute/-unmute), Hold with HoldUrl/HoldMethod (default GET;
 *   participant-hold/-unhold), EndConferenceOnExit and BeepOnExit (participant-modify), WaitUrl,
 *   and AnnounceUrl/AnnounceMethod (played to that participant; announcement-end).
 * - deleting kicks the participant: its call goes on after its <Dial> (or hangs up without more TwiML).
 * - a conference's Status=completed ends it; its AnnounceUrl plays to everyone in it.
 * EarlyMedia, recording, coaching, SIP and AMD parameters are accepted and ignored.
 */
import { notFound, TwilioApiError } from '../../errors'
import type { ConferenceRecord } from '../../store'
import { openCall, checkDialable } from '../calls'
import type { EngineContext } from '../context'
import { dialledAddress, ringTarget } from '../ring'
import { parseProgressEvents } from '../status-callbacks'
import type { HttpMethod } from '../webhook'
import { announcementAudio, type AudioSource, type Background } from './audio'
import { attend } from './attend'
import { parseConferenceEvents } from './events'
import { MAX_PARTICIPANTS } from './manager'
import { Participant, type BeepSetting, type Conference } from './room'

export interface ParticipantCreateParams {
  from: string
  to: string
  label?: string
  timeout?: number
  muted?: boolean
  beep?: BeepSetting
  startConferenceOnEnter?: boolean
  endConferenceOnExit?: boolean
  waitUrl?: string
  waitMethod?: string
  maxParticipants?: number
  timeLimit?: number
  statusCallback?: string
  statusCallbackMethod?: string
  statusCallbackEvent?: string[]
  conferenceStatusCallback?: string
  conferenceStatusCallbackMethod?: string
  conferenceStatusCallbackEvent?: string[]
}

export interface ParticipantUpdateParams {
  muted?: boolean
  hold?: boolean
  holdUrl?: string
  holdMethod?: string
  announceUrl?: string
  announceMethod?: string
  waitUrl?: string
  waitMethod?: string
  endConferenceOnExit?: boolean
  beepOnExit?: boolean
}

const CONFERENCE_SID = /^CF[0-9a-f]{32}$/

const method = (raw: string | undefined, fallback: HttpMethod): HttpMethod => (raw ? (raw.toUpperCase() === 'GET' ? 'GET' : 'POST') : fallback)

/** A URL parameter as the audio to play: absent → the default, empty → silence. */
function background(url: string | undefined, raw: string | undefined, fallback: HttpMethod): Background {
  if (url === undefined) return 'music'
  return url === '' ? 'silence' : { url, method: method(raw, fallback) }
}

function withExitBeep(beep: BeepSetting, onExit: boolean): BeepSetting {
  const onEnter = beep === 'true' || beep === 'onEnter'
  if (onEnter) return onExit ? 'true' : 'onEnter'
  return onExit ? 'onExit' : 'false'
}

export class ConferenceApi {
  constructor(private readonly ctx: EngineContext) {}

  /** A conference of the account (or of its subaccounts), live or completed. */
  record(accountSid: string, sid: string): ConferenceRecord {
    const record = this.ctx.store.conferences.get(sid)
    if (!record || !this.ctx.store.canAccess(accountSid, record.accountSid)) throw notFound(`Conference ${sid}`)
    return record
  }

  /** The participants still dialling or connected (the resource keeps no history). */
  participants(accountSid: string, sid: string): Participant[] {
    this.record(accountSid, sid)
    return [...(this.ctx.conferences.get(sid)?.participants ?? [])]
  }

  participant(accountSid: string, sid: string, callSidOrLabel: string): Participant {
    const participant = this.ctx.conferences.get(this.record(accountSid, sid).sid)?.find(callSidOrLabel)
    if (!participant) throw notFound(`Participant ${callSidOrLabel}`)
    return participant
  }

  addParticipant(accountSid: string, sidOrName: string, params: ParticipantCreateParams): Participant {
    checkDialable(this.ctx, accountSid, params.to, params.from)
    const callback = params.conferenceStatusCallback
      ? { url: params.conferenceStatusCallback, method: method(params.conferenceStatusCallbackMethod, 'POST'), events: parseConferenceEvents(params.conferenceStatusCallbackEvent) }
      : null
    const conference = this.conferenceForNewParticipant(accountSid, sidOrName, { maxParticipants: params.maxParticipants ?? MAX_PARTICIPANTS, callback })
    const statusCallback = params.statusCallback ? { url: params.statusCallback, method: method(params.statusCallbackMethod, 'POST'), events: parseProgressEvents(params.statusCallbackEvent) } : null
    const { to, clientParameters } = dialledAddress(params.to)
    const { session, phone } = openCall(this.ctx, { accountSid, from: params.from, to, direction: 'outbound-api', status: 'queued' }, { statusCallback, fallback: null })
    const participant = new Participant(session, conference, {
      label: params.label ?? null,
      muted: params.muted ?? false,
      beep: params.beep ?? 'true',
      startConferenceOnEnter: params.startConferenceOnEnter ?? true,
      endConferenceOnExit: params.endConferenceOnExit ?? false,
      wait: background(params.waitUrl, params.waitMethod, 'POST'),
    })
    conference.invite(participant)
    const run = async () => {
      const result = await ringTarget(session, phone, (params.timeout ?? 60) * 1000, session.signal, { clientParameters })
      if (result !== 'answered') return conference.uninvite(participant)
      await attend(participant, { timeLimitMs: (params.timeLimit ?? 14400) * 1000, hangupOnStar: false, callback, signal: session.signal })
      // Nothing follows the conference on this call: leaving it (or finding it full) ends the call.
      session.hangUp('twiml')
    }
    // Dialling starts after the answer: Twilio answers the create request with the participant queued.
    void Promise.resolve().then(run).catch(() => {})
    return participant
  }

  updateParticipant(accountSid: string, sid: string, callSidOrLabel: string, changes: ParticipantUpdateParams): Participant {
    const participant = this.participant(accountSid, sid, callSidOrLabel)
    const { conference, settings } = participant
    if (changes.muted !== undefined && changes.muted !== settings.muted) {
      settings.muted = changes.muted
      conference.send(changes.muted ? 'participant-mute' : 'participant-unmute', participant)
    }
    if (changes.hold !== undefined) {
      if (changes.hold) participant.holdAudio = background(changes.holdUrl, changes.holdMethod, 'GET')
      if (changes.hold !== participant.hold) {
        participant.hold = changes.hold
        conference.send(changes.hold ? 'participant-hold' : 'participant-unhold', participant)
      }
    }
    if (changes.waitUrl !== undefined) settings.wait = background(changes.waitUrl, changes.waitMethod, 'POST')
    const modified = (changes.endConferenceOnExit !== undefined && changes.endConferenceOnExit !== settings.endConferenceOnExit) || changes.beepOnExit !== undefined
    if (changes.endConferenceOnExit !== undefined) settings.endConferenceOnExit = changes.endConferenceOnExit
    if (changes.beepOnExit !== undefined) settings.beep = withExitBeep(settings.beep, changes.beepOnExit)
    if (modified) conference.send('participant-modify', participant)
    if (changes.announceUrl) void this.announce(conference, [participant], { url: changes.announceUrl, method: method(changes.announceMethod, 'POST') })
    participant.touch()
    conference.changed()
    return participant
  }

  /** Kicks the participant out of the conference. */
  removeParticipant(accountSid: string, sid: string, callSidOrLabel: string): void {
    const participant = this.participant(accountSid, sid, callSidOrLabel)
    if (participant.joined) participant.conference.leave(participant, 'kicked')
    else participant.session.hangUp('api')
  }

  updateConference(accountSid: string, sid: string, changes: { status?: 'completed'; announceUrl?: string; announceMethod?: string }): ConferenceRecord {
    const record = this.record(accountSid, sid)
    const conference = this.ctx.conferences.get(record.sid)
    if (!conference) {
      if (changes.status || changes.announceUrl) throw new TwilioApiError(400, 20001, `Conference ${sid} is not in progress`)
      return record
    }
    if (changes.announceUrl) void this.announce(conference, conference.connected(), { url: changes.announceUrl, method: method(changes.announceMethod, 'POST') })
    if (changes.status === 'completed') conference.end('conference-ended-via-api', null)
    return record
  }

  private conferenceForNewParticipant(accountSid: string, sidOrName: string, options: { maxParticipants: number; callback: Conference['options']['callback'] }): Conference {
    if (CONFERENCE_SID.test(sidOrName)) {
      const conference = this.ctx.conferences.get(sidOrName)
      if (!conference || !this.ctx.store.canAccess(accountSid, conference.record.accountSid)) throw notFound(`Conference ${sidOrName}`)
      return conference
    }
    return this.ctx.conferences.findOrCreate(accountSid, sidOrName, options)
  }

  /** Fetches the announcement (for the first listener's call) and plays it to each listener at once. */
  private async announce(conference: Conference, listeners: Participant[], source: AudioSource): Promise<void> {
    const [first] = listeners
    if (!first) return
    const audio = await announcementAudio(first.session, source)
    const atMs = this.ctx.clock.now()
    for (const listener of listeners) if (listener.joined) listener.session.party.hear(audio, atMs)
    conference.send(audio.length > 0 ? 'announcement-end' : 'announcement-fail')
  }
}
