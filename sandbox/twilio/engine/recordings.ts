/**
 * Recordings made from what was actually said and heard on a call: a window cut from the
 * party's audio tracks, stored as a RecordingRecord holding a real 8 kHz WAV (dual channel:
 * 1 = the caller, 2 = what the caller heard — the other party and played audio), then announced
 * with the recording status callback (https://www.twilio.com/docs/voice/api/recording#recordingstatuscallback).
 */
import { encodeWav } from '../audio/wav'
import type { AudioTrack } from '../audio/track'
import { newSid, type RecordingRecord } from '../store'
import type { CallSession } from './call-session'
import { rfc2822 } from './params'
import type { HttpMethod } from './webhook'

export interface RecordingCallbackConfig {
  url: string
  method: HttpMethod
  /** in-progress, completed, absent (default: completed). */
  events: string[]
}

export function parseRecordingEvents(raw: string | string[] | undefined): string[] {
  const words = (Array.isArray(raw) ? raw.join(' ') : (raw ?? '')).split(/[\s,]+/).filter(Boolean)
  return words.length > 0 ? words : ['completed']
}

export interface RecordingWindow {
  source: RecordingRecord['source']
  /** One track per channel; a mono recording of several tracks mixes them. */
  tracks: AudioTrack[]
  channels: 1 | 2
  fromMs: number
  toMs: number
}

/** How long Twilio takes to process a recording after it ends (`processing`, then `completed`). */
export const RECORDING_PROCESSING_MS = 1000

/** Cuts the window out of the tracks and stores it as a recording still `processing`. */
export function saveRecording(session: CallSession, window: RecordingWindow): RecordingRecord {
  const cuts = window.tracks.map((track) => track.window(window.fromMs, window.toMs))
  const channels = window.channels === 2 ? cuts : [mix(cuts)]
  const now = new Date(session.ctx.clock.now())
  const recording: RecordingRecord = {
    sid: newSid('RE'),
    accountSid: session.record.accountSid,
    callSid: session.sid,
    status: 'processing',
    channels: window.channels,
    source: window.source,
    duration: Math.round((window.toMs - window.fromMs) / 1000),
    startTime: new Date(window.fromMs),
    wav: encodeWav(channels),
    dateCreated: now,
    dateUpdated: now,
  }
  session.ctx.store.recordings.set(recording.sid, recording)
  session.ctx.log.add(session.sid, 'recording', `recording ${recording.sid} (${recording.duration} s, ${recording.channels} ch, ${recording.source})`, {
    recordingSid: recording.sid,
    duration: recording.duration,
    channels: recording.channels,
    source: recording.source,
  })
  return recording
}

function mix(tracks: Int16Array[]): Int16Array {
  if (tracks.length === 1) return tracks[0]
  const out = new Int16Array(tracks[0].length)
  for (let i = 0; i < out.length; i++) out[i] = Math.max(-32768, Math.min(32767, tracks.reduce((sum, t) => sum + t[i], 0)))
  return out
}

/** RecordingUrl as Twilio gives it (no extension), on the sandbox's own base URL. */
export function recordingUrl(session: CallSession, recording: RecordingRecord): string {
  return `${session.ctx.publicBaseUrl()}/2010-04-01/Accounts/${recording.accountSid}/Recordings/${recording.sid}`
}

/**
 * Finishes processing the recording on the engine clock, then announces it as `completed` to the
 * recording status callback (if subscribed), with ErrorCode 0 as Twilio sends it.
 */
export function sendRecordingStatus(session: CallSession, recording: RecordingRecord, callback: RecordingCallbackConfig | null): void {
  session.ctx.clock.setTimeout(() => {
    recording.status = 'completed'
    recording.dateUpdated = new Date(session.ctx.clock.now())
    session.ctx.log.add(session.sid, 'recording', `recording ${recording.sid} completed`, { recordingSid: recording.sid })
    announce(session, recording, callback)
  }, RECORDING_PROCESSING_MS)
}

function announce(session: CallSession, recording: RecordingRecord, callback: RecordingCallbackConfig | null): void {
  if (!callback || !callback.events.includes(recording.status)) return
  const params = {
    AccountSid: recording.accountSid,
    CallSid: recording.callSid,
    RecordingSid: recording.sid,
    RecordingUrl: recordingUrl(session, recording),
    RecordingStatus: recording.status,
    RecordingDuration: String(recording.duration),
    RecordingChannels: String(recording.channels),
    RecordingStartTime: rfc2822(recording.startTime.getTime()),
    RecordingSource: recording.source,
    ErrorCode: '0',
  }
  void session.webhook('recording-status-callback', callback.url, callback.method, params)
}
