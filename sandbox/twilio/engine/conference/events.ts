/**
 * Conference status callbacks (https://www.twilio.com/docs/voice/twiml/conference#attributes-statusCallbackEvent):
 * `statusCallbackEvent` subscribes to start, end, join, leave, mute, hold, modify, speaker and
 * announcement (default "start end", as ConferenceStatusCallbackEvent in twilio_api_v2010.json);
 * each request carries StatusCallbackEvent (conference-start, conference-end, participant-join,
 * participant-leave, participant-mute/-unmute, participant-hold/-unhold, participant-modify,
 * announcement-end/-fail), ConferenceSid, FriendlyName, AccountSid, SequenceNumber (from 1, in
 * the order the events fired) and Timestamp, plus the participant's CallSid, Muted, Hold,
 * Coaching, EndConferenceOnExit, StartConferenceOnEnter and ParticipantLabel for participant
 * events, and ReasonConferenceEnded, Reason and CallSidEndingConference for conference-end.
 * Only the value set by the first participant to join is used ("Subsequent
 * conference_status_callback values are ignored"). Requests are signed like every webhook and
 * sent one after another; they appear in the conference's event log (`engine.events(CF…)`).
 */
import { callWebhook, type EngineContext } from '../context'
import { rfc2822 } from '../params'
import type { HttpMethod, WebhookParams } from '../webhook'

export type ConferenceEventKind = 'start' | 'end' | 'join' | 'leave' | 'mute' | 'hold' | 'modify' | 'speaker' | 'announcement'

export type ConferenceEventName =
  | 'conference-start'
  | 'conference-end'
  | 'participant-join'
  | 'participant-leave'
  | 'participant-mute'
  | 'participant-unmute'
  | 'participant-hold'
  | 'participant-unhold'
  | 'participant-modify'
  | 'announcement-end'
  | 'announcement-fail'

const KIND: Record<ConferenceEventName, ConferenceEventKind> = {
  'conference-start': 'start',
  'conference-end': 'end',
  'participant-join': 'join',
  'participant-leave': 'leave',
  'participant-mute': 'mute',
  'participant-unmute': 'mute',
  'participant-hold': 'hold',
  'participant-unhold': 'hold',
  'participant-modify': 'modify',
  'announcement-end': 'announcement',
  'announcement-fail': 'announcement',
}

const KINDS: readonly ConferenceEventKind[] = ['start', 'end', 'join', 'leave', 'mute', 'hold', 'modify', 'speaker', 'announcement']

export interface ConferenceCallbackConfig {
  url: string
  method: HttpMethod
  events: ConferenceEventKind[]
}

/** A statusCallbackEvent list (space-separated in TwiML, repeated in the API); default start and end. */
export function parseConferenceEvents(raw: string | string[] | undefined): ConferenceEventKind[] {
  const words = (Array.isArray(raw) ? raw.join(' ') : (raw ?? '')).split(/[\s,]+/).filter(Boolean)
  const known = words.filter((w): w is ConferenceEventKind => (KINDS as readonly string[]).includes(w))
  return known.length > 0 ? [...new Set(known)] : ['start', 'end']
}

export class ConferenceCallbacks {
  private config: ConferenceCallbackConfig | null = null
  private chain: Promise<void> = Promise.resolve()
  private sequence = 0

  constructor(
    private readonly ctx: EngineContext,
    private readonly conference: { sid: string; accountSid: string; friendlyName: string },
  ) {}

  /** The first participant that sets a callback decides it for the conference. */
  adopt(config: ConferenceCallbackConfig | null): void {
    if (!this.config && config) this.config = config
  }

  send(event: ConferenceEventName, extra: WebhookParams = {}): void {
    const { sid, accountSid, friendlyName } = this.conference
    this.ctx.log.add(sid, 'conference', event, { event, ...extra })
    const config = this.config
    if (!config || !config.events.includes(KIND[event])) return
    const params: WebhookParams = {
      AccountSid: accountSid,
      ConferenceSid: sid,
      FriendlyName: friendlyName,
      StatusCallbackEvent: event,
      SequenceNumber: String(++this.sequence),
      Timestamp: rfc2822(this.ctx.clock.now()),
      ...extra,
    }
    this.chain = this.chain.then(async () => {
      await callWebhook(this.ctx, sid, 'conference-status-callback', { url: config.url, method: config.method, params, accountSid })
    })
    void this.ctx.busy(this.chain)
  }
}
