/**
 * A conference room and its participants (https://www.twilio.com/docs/voice/twiml/conference,
 * https://www.twilio.com/docs/voice/api/conference-resource): status `init` until it starts —
 * two participants in it, one with startConferenceOnEnter — then `in-progress`, `completed`
 * when it ends: its last participant leaves (or is kicked), a participant with
 * endConferenceOnExit leaves (or is kicked), or the API completes it; the participants still in
 * it drop out. A conference whose invited participants all fail to connect ends as well
 * (nobody is left in it). `maxParticipants` counts connected participants: one more is refused
 * with 16020 "Conference is full" (https://www.twilio.com/docs/api/errors/16020).
 *
 * Audio: in a started conference each connected participant hears, at the clock time it was
 * said, what every other participant says who is neither muted nor on hold; a held participant
 * hears its hold audio and nobody else. Routing is decided when a segment is spoken, so a
 * segment already spoken plays out whole. Beeps (beep true/onEnter/onExit) play to the others.
 */
import { beep } from '../../audio/tones'
import type { AudioSegment } from '../../audio/track'
import type { ConferenceRecord } from '../../store'
import type { CallSession } from '../call-session'
import type { EngineContext } from '../context'
import { notifyError } from '../notifications'
import type { WebhookParams } from '../webhook'
import type { AudioSource, Background } from './audio'
import { ConferenceCallbacks, type ConferenceCallbackConfig, type ConferenceEventName } from './events'

export type BeepSetting = 'true' | 'false' | 'onEnter' | 'onExit'

export interface ParticipantSettings {
  label: string | null
  muted: boolean
  beep: BeepSetting
  startConferenceOnEnter: boolean
  endConferenceOnExit: boolean
  /** What the participant hears while the conference has not started. */
  wait: Background
}

/** The Participant resource's status (twilio_api_v2010.json participant_enum_status). */
export type ParticipantStatus = 'queued' | 'connecting' | 'ringing' | 'connected' | 'complete' | 'failed'

export class Participant {
  hold = false
  /** Hold audio: HoldUrl, or the default music. */
  holdAudio: Background = 'music'
  joined = false
  left = false
  readonly dateCreated: Date
  dateUpdated: Date
  private stopListening = () => {}

  constructor(
    readonly session: CallSession,
    readonly conference: Conference,
    public settings: ParticipantSettings,
  ) {
    this.dateCreated = new Date(session.ctx.clock.now())
    this.dateUpdated = this.dateCreated
  }

  get status(): ParticipantStatus {
    if (this.left) return 'complete'
    if (this.joined) return 'connected'
    const call = this.session.record.status
    if (call === 'queued') return 'queued'
    if (call === 'initiated') return 'connecting'
    if (call === 'ringing' || call === 'in-progress') return 'ringing'
    return 'failed'
  }

  /** The background this participant should hear now, or null when it hears the conference. */
  get background(): { audio: Background; purpose: 'hold-url' | 'wait-url' } | null {
    if (this.hold) return { audio: this.holdAudio, purpose: 'hold-url' }
    if (!this.conference.started) return { audio: this.settings.wait, purpose: 'wait-url' }
    return null
  }

  listen(route: (segment: AudioSegment) => void): void {
    this.session.party.on('speech', route)
    this.stopListening = () => this.session.party.off('speech', route)
  }

  unlisten(): void {
    this.stopListening()
  }

  touch(): void {
    this.dateUpdated = new Date(this.session.ctx.clock.now())
  }

  /** The participant fields of a conference status callback. */
  callbackParams(): WebhookParams {
    const params: WebhookParams = {
      CallSid: this.session.sid,
      Muted: String(this.settings.muted),
      Hold: String(this.hold),
      Coaching: 'false',
      EndConferenceOnExit: String(this.settings.endConferenceOnExit),
      StartConferenceOnEnter: String(this.settings.startConferenceOnEnter),
    }
    if (this.settings.label) params.ParticipantLabel = this.settings.label
    return params
  }
}

export interface ConferenceOptions {
  maxParticipants: number
  callback: ConferenceCallbackConfig | null
}

type EndReason = NonNullable<ConferenceRecord['reasonConferenceEnded']>

export class Conference {
  /** Connected participants and those still being dialled (REST), in the order they came. */
  readonly participants: Participant[] = []
  readonly callbacks: ConferenceCallbacks
  private readonly listeners = new Set<() => void>()

  constructor(
    private readonly ctx: EngineContext,
    readonly record: ConferenceRecord,
    readonly options: ConferenceOptions,
    private readonly retire: (conference: Conference) => void,
  ) {
    this.callbacks = new ConferenceCallbacks(ctx, record)
    this.callbacks.adopt(options.callback)
  }

  get sid(): string {
    return this.record.sid
  }

  get started(): boolean {
    return this.record.status === 'in-progress'
  }

  get ended(): boolean {
    return this.record.status === 'completed'
  }

  connected(): Participant[] {
    return this.participants.filter((p) => p.joined)
  }

  find(callSidOrLabel: string): Participant | undefined {
    return this.participants.find((p) => p.session.sid === callSidOrLabel) ?? this.participants.find((p) => p.settings.label === callSidOrLabel)
  }

  /** Calls `listener` whenever someone joins, leaves or changes, or the conference starts or ends. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  changed(): void {
    this.touch()
    for (const listener of [...this.listeners]) listener()
  }

  /** A participant being dialled (Participants API): listed from now on, joining once it answers. */
  invite(participant: Participant): void {
    this.participants.push(participant)
  }

  /** The dialled participant never connected (busy, no answer, failed, canceled). */
  uninvite(participant: Participant): void {
    this.remove(participant)
    if (this.participants.length === 0) this.end('last-participant-left', null)
    this.changed()
  }

  /** Puts the participant in the room; false (with error 16020) when the conference is full. */
  join(participant: Participant, callback: ConferenceCallbackConfig | null): boolean {
    if (this.connected().length >= this.options.maxParticipants) {
      notifyError(participant.session, 16020, `Conference is full: ${this.record.friendlyName} has ${this.options.maxParticipants} participants`, '')
      this.uninvite(participant)
      return false
    }
    if (!this.participants.includes(participant)) this.participants.push(participant)
    participant.joined = true
    participant.touch()
    participant.listen((segment) => this.route(participant, segment))
    this.callbacks.adopt(callback)
    this.ctx.log.add(participant.session.sid, 'dial', `joined conference ${this.record.friendlyName} (${this.connected().length} in it)`, { conferenceSid: this.sid })
    this.callbacks.send('participant-join', participant.callbackParams())
    const connected = this.connected()
    if (!this.started && connected.length >= 2 && connected.some((p) => p.settings.startConferenceOnEnter)) {
      this.record.status = 'in-progress'
      this.callbacks.send('conference-start')
    }
    if (participant.settings.beep === 'true' || participant.settings.beep === 'onEnter') this.playToAll(beep(), participant)
    this.changed()
    return true
  }

  /** The participant leaves (hung up, redirected, left the <Dial>) or is kicked through the API. */
  leave(participant: Participant, how: 'left' | 'kicked'): void {
    if (participant.left || !this.participants.includes(participant)) return
    this.remove(participant)
    this.ctx.log.add(participant.session.sid, 'dial', `${how} conference ${this.record.friendlyName}`, { conferenceSid: this.sid })
    this.callbacks.send('participant-leave', participant.callbackParams())
    if (participant.settings.beep === 'true' || participant.settings.beep === 'onExit') this.playToAll(beep(), participant)
    if (participant.settings.endConferenceOnExit) this.end(how === 'kicked' ? 'participant-with-end-conference-on-exit-kicked' : 'participant-with-end-conference-on-exit-left', participant)
    else if (this.participants.length === 0) this.end(how === 'kicked' ? 'last-participant-kicked' : 'last-participant-left', participant)
    this.changed()
  }

  /** Ends the conference: everyone still in it drops out, calls still being dialled are canceled. */
  end(reason: EndReason, by: Participant | null): void {
    if (this.ended) return
    const now = new Date(this.ctx.clock.now())
    Object.assign(this.record, { status: 'completed', reasonConferenceEnded: reason, callSidEndingConference: by?.session.sid ?? null, dateUpdated: now })
    for (const participant of [...this.participants]) {
      const wasConnected = participant.joined
      this.remove(participant)
      if (wasConnected) this.callbacks.send('participant-leave', participant.callbackParams())
      else participant.session.hangUp('api')
    }
    const ending: WebhookParams = { ReasonConferenceEnded: reason, Reason: REASON_TEXT[reason] }
    if (by) ending.CallSidEndingConference = by.session.sid
    if (by?.settings.label) ending.ParticipantLabelEndingConference = by.settings.label
    this.callbacks.send('conference-end', ending)
    this.retire(this)
    this.changed()
  }

  /** Something every connected participant who is not on hold hears now (a beep, an announcement). */
  playToAll(samples: Int16Array, except?: Participant): void {
    const atMs = this.ctx.clock.now()
    for (const participant of this.connected()) if (participant !== except && !participant.hold) participant.session.party.hear(samples, atMs)
  }

  send(event: ConferenceEventName, participant?: Participant): void {
    this.callbacks.send(event, participant?.callbackParams())
  }

  private route(speaker: Participant, segment: AudioSegment): void {
    if (!this.started || speaker.hold || speaker.settings.muted || !speaker.joined) return
    for (const listener of this.connected()) if (listener !== speaker && !listener.hold) listener.session.party.hear(segment.samples, segment.atMs)
  }

  private remove(participant: Participant): void {
    const index = this.participants.indexOf(participant)
    if (index >= 0) this.participants.splice(index, 1)
    participant.unlisten()
    participant.left = true
    participant.joined = false
    participant.touch()
  }

  private touch(): void {
    this.record.dateUpdated = new Date(this.ctx.clock.now())
  }
}

const REASON_TEXT: Record<EndReason, string> = {
  'conference-ended-via-api': 'Conference ended via API',
  'participant-with-end-conference-on-exit-left': 'Participant with endConferenceOnExit left the conference',
  'participant-with-end-conference-on-exit-kicked': 'Participant with endConferenceOnExit was removed from the conference',
  'last-participant-kicked': 'Last participant was removed from the conference',
  'last-participant-left': 'Last participant left the conference',
}

export type { AudioSource }
