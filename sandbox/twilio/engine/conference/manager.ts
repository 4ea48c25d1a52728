/**
 * The conferences of every account: one room per (account, friendly name) while it has not
 * completed ("The name of the room is up to you and is namespaced to your account",
 * https://www.twilio.com/docs/voice/twiml/conference); a completed conference stays in the
 * store for the REST API, and the name then opens a new room with a new CF SID.
 */
import { newSid, type ConferenceRecord } from '../../store'
import type { EngineContext } from '../context'
import { Conference, type ConferenceOptions } from './room'

/** Twilio's default and largest maxParticipants. */
export const MAX_PARTICIPANTS = 250

export class ConferenceManager {
  private readonly live = new Map<string, Conference>()

  constructor(private readonly ctx: () => EngineContext) {}

  /** The account's room of that name, opened with `options` if there is none. */
  findOrCreate(accountSid: string, friendlyName: string, options: ConferenceOptions): Conference {
    const existing = this.byName(accountSid, friendlyName)
    if (existing) return existing
    const ctx = this.ctx()
    const now = new Date(ctx.clock.now())
    const record: ConferenceRecord = { sid: newSid('CF'), accountSid, friendlyName, status: 'init', reasonConferenceEnded: null, callSidEndingConference: null, dateCreated: now, dateUpdated: now }
    ctx.store.conferences.set(record.sid, record)
    const conference = new Conference(ctx, record, options, (ended) => this.live.delete(ended.sid))
    this.live.set(record.sid, conference)
    return conference
  }

  /** A room that has not completed, by CF SID. */
  get(sid: string): Conference | undefined {
    return this.live.get(sid)
  }

  byName(accountSid: string, friendlyName: string): Conference | undefined {
    return [...this.live.values()].find((c) => c.record.accountSid === accountSid && c.record.friendlyName === friendlyName)
  }
}
