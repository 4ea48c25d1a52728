/**
 * A recording of a live call that can be paused, resumed and stopped: the Call Recordings API
 * (https://www.twilio.com/docs/voice/api/recording#create-a-recording-resource, source
 * StartCallRecording) and the outbound API's Record=true (source OutboundAPI). It is
 * `in-progress` from its start (duration -1), `paused`/`in-progress` as updated, `stopped` when
 * stopped or when the call ends, then `processing` and `completed` (see recordings.ts).
 * PauseBehavior `silence` (the default) keeps the paused time as silence; `skip` leaves it out.
 */
import { TwilioApiError } from '../errors'
import type { RecordingRecord } from '../store'
import { newSid } from '../store'
import type { CallSession } from './call-session'
import { announce, saveRecording, sendRecordingStatus, type RecordingCallbackConfig, type RecordingPause } from './recordings'

export interface LiveRecordingOptions {
  channels: 1 | 2
  /** inbound: what the caller said; outbound: what Twilio played or the other party said; both. */
  track: RecordingRecord['track']
  source: 'OutboundAPI' | 'StartCallRecording'
  callback: RecordingCallbackConfig | null
}

export class LiveRecording {
  readonly record: RecordingRecord
  private readonly fromMs: number
  private readonly pauses: RecordingPause[] = []
  private pausedAt: { ms: number; behavior: RecordingPause['behavior'] } | null = null

  constructor(
    private readonly session: CallSession,
    private readonly options: LiveRecordingOptions,
  ) {
    const { clock, store, log } = session.ctx
    this.fromMs = clock.now()
    const now = new Date(this.fromMs)
    this.record = {
      sid: newSid('RE'),
      accountSid: session.record.accountSid,
      callSid: session.sid,
      status: 'in-progress',
      channels: options.track === 'both' ? options.channels : 1,
      source: options.source,
      track: options.track,
      duration: -1,
      startTime: now,
      errorCode: null,
      wav: Buffer.alloc(0),
      dateCreated: now,
      dateUpdated: now,
    }
    store.recordings.set(this.record.sid, this.record)
    session.liveRecordings.push(this)
    log.add(session.sid, 'recording', `call recording ${this.record.sid} started (${this.record.channels} ch, ${options.track})`, { recordingSid: this.record.sid, channels: this.record.channels })
    announce(session, this.record, options.callback)
    session.onEnd(() => this.stop())
  }

  get live(): boolean {
    return this.record.status === 'in-progress' || this.record.status === 'paused'
  }

  pause(behavior: RecordingPause['behavior']): void {
    this.requireLive()
    if (this.record.status === 'paused') return
    this.pausedAt = { ms: this.session.ctx.clock.now(), behavior }
    this.setStatus('paused')
  }

  resume(): void {
    this.requireLive()
    if (this.record.status !== 'paused') return
    this.closePause()
    this.setStatus('in-progress')
  }

  /** Stops it (the call's end does too), then processes it and announces it. */
  stop(): void {
    if (!this.live) return
    this.closePause()
    this.setStatus('stopped')
    const tracks = { inbound: [this.session.party.spoken], outbound: [this.session.party.heard], both: [this.session.party.spoken, this.session.party.heard] }[this.options.track]
    const window = { source: this.options.source, tracks, channels: this.record.channels, fromMs: this.fromMs, toMs: this.session.ctx.clock.now(), pauses: this.pauses }
    // The update answers `stopped`; processing starts right after.
    this.session.ctx.clock.setTimeout(() => {
      saveRecording(this.session, window, this.record)
      sendRecordingStatus(this.session, this.record, this.options.callback)
    }, 0)
  }

  private closePause(): void {
    if (!this.pausedAt) return
    this.pauses.push({ fromMs: this.pausedAt.ms, toMs: this.session.ctx.clock.now(), behavior: this.pausedAt.behavior })
    this.pausedAt = null
  }

  private setStatus(status: RecordingRecord['status']): void {
    this.record.status = status
    this.record.dateUpdated = new Date(this.session.ctx.clock.now())
    this.session.ctx.log.add(this.session.sid, 'recording', `call recording ${this.record.sid} ${status}`, { recordingSid: this.record.sid, status })
  }

  private requireLive(): void {
    if (!this.live) throw new TwilioApiError(400, 21220, `Recording ${this.record.sid} is ${this.record.status}; only an in-progress or paused recording can be updated`)
  }
}

/** `Twilio.CURRENT` names the call's recording that is in progress or paused, newest first. */
export function liveRecordingOf(session: CallSession, sid: string): LiveRecording | undefined {
  if (sid === 'Twilio.CURRENT') return [...session.liveRecordings].reverse().find((recording) => recording.live)
  return session.liveRecordings.find((recording) => recording.record.sid === sid)
}
