/**
 * Recordings made from what was actually said and heard on a call: a window cut from the
 * party's audio tracks, stored as a RecordingRecord holding a real 8 kHz WAV (dual channel:
 * 1 = the caller, 2 = what the caller heard — the other party and played audio), then announced
 * with the recording status callback (https://www.twilio.com/docs/voice/api/recording#recordingstatuscallback).
 */
import { concatSamples } from '../audio/tones'
import { encodeWav, TELEPHONY_RATE } from '../audio/wav'
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
  /** Stretches of [fromMs, toMs) left out (PauseBehavior skip) or silenced (silence), in time order. */
  pauses?: RecordingPause[]
}

export interface RecordingPause {
  fromMs: number
  toMs: number
  behavior: 'skip' | 'silence'
}

/** How long Twilio takes to process a recording after it ends (`processing`, then `completed`). */
export const RECORDING_PROCESSING_MS = 1000

/** Cuts the window out of the tracks and stores it as a recording still `processing`. */
export function saveRecording(session: CallSession, window: RecordingWindow, existing?: RecordingRecord): RecordingRecord {
  const cuts = window.tracks.map((track) => cutWindow(track, window))
  const channels = window.channels === 2 ? cuts : [mix(cuts)]
  const now = new Date(session.ctx.clock.now())
  const recording: RecordingRecord = existing ?? {
    sid: newSid('RE'),
    accountSid: session.record.accountSid,
    callSid: session.sid,
    status: 'processing',
    channels: window.channels,
    source: window.source,
    track: 'both',
    duration: 0,
    startTime: new Date(window.fromMs),
    errorCode: null,
    wav: Buffer.alloc(0),
    dateCreated: now,
    dateUpdated: now,
  }
  Object.assign(recording, { status: 'processing', duration: Math.round(channels[0]!.length / TELEPHONY_RATE), wav: encodeWav(channels), dateUpdated: now })
  session.ctx.store.recordings.set(recording.sid, recording)
  session.ctx.log.add(session.sid, 'recording', `recording ${recording.sid} (${recording.duration} s, ${recording.channels} ch, ${recording.source})`, {
    recordingSid: recording.sid,
    duration: recording.duration,
    channels: recording.channels,
    source: recording.source,
  })
  return recording
}

/** The window's audio, without skipped pauses and with silenced ones zeroed. */
function cutWindow(track: AudioTrack, window: RecordingWindow): Int16Array {
  const pieces: Int16Array[] = []
  let at = window.fromMs
  for (const pause of window.pauses ?? []) {
    pieces.push(track.window(at, pause.fromMs))
    if (pause.behavior === 'silence') pieces.push(new Int16Array(track.window(pause.fromMs, pause.toMs).length))
    at = pause.toMs
  }
  pieces.push(track.window(at, window.toMs))
  return concatSamples(pieces)
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
    // A recording with no audio, or one a test arranged to fail (engine.failNextRecording), ends absent.
    const failure = recording.duration === 0 ? 0 : session.ctx.recordingFailures.shift()
    recording.status = failure === undefined ? 'completed' : 'absent'
    recording.errorCode = failure || null
    recording.dateUpdated = new Date(session.ctx.clock.now())
    session.ctx.log.add(session.sid, 'recording', `recording ${recording.sid} ${recording.status}`, { recordingSid: recording.sid, errorCode: recording.errorCode })
    announce(session, recording, callback)
  }, RECORDING_PROCESSING_MS)
}

export function announce(session: CallSession, recording: RecordingRecord, callback: RecordingCallbackConfig | null): void {
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
    RecordingTrack: recording.track,
    ErrorCode: String(recording.errorCode ?? 0),
  }
  void session.webhook('recording-status-callback', callback.url, callback.method, params)
}
