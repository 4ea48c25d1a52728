/**
 * One direction of a call's audio as a timeline of 8 kHz segments placed at clock times.
 * Recordings cut a window out of tracks, so they hold exactly what was said or heard when,
 * under a real or a manual clock alike.
 */
import { clamp16 } from '../../realtime/pcm'
import { TELEPHONY_RATE } from './wav'

export interface AudioSegment {
  atMs: number
  samples: Int16Array
  /** The text the audio was synthesized from, when it was (used for sandbox transcriptions). */
  text?: string
}

export class AudioTrack {
  private readonly segments: AudioSegment[] = []

  /** Places audio at `atMs`; returns the time its playback ends. */
  add(segment: AudioSegment): number {
    this.segments.push(segment)
    return segment.atMs + durationMs(segment.samples)
  }

  /** Time the last placed audio ends (0 when nothing has been placed). */
  endMs(): number {
    return this.segments.reduce((end, s) => Math.max(end, s.atMs + durationMs(s.samples)), 0)
  }

  /** Mixes every segment overlapping [fromMs, toMs) into one buffer; gaps are silence. */
  window(fromMs: number, toMs: number): Int16Array {
    return mixSegments(this.segments, fromMs, toMs)
  }

  /** The span [first start, last end] of audio overlapping [fromMs, toMs), clamped to it; null if none. */
  spanWithin(fromMs: number, toMs: number): { fromMs: number; toMs: number } | null {
    let first = Infinity
    let last = -Infinity
    for (const segment of this.segments) {
      const end = segment.atMs + durationMs(segment.samples)
      if (end <= fromMs || segment.atMs >= toMs) continue
      first = Math.min(first, segment.atMs)
      last = Math.max(last, end)
    }
    return first === Infinity ? null : { fromMs: Math.max(fromMs, first), toMs: Math.min(toMs, last) }
  }

  /** Texts of synthesized segments that start within [fromMs, toMs), in time order. */
  textsBetween(fromMs: number, toMs: number): string[] {
    return this.segments
      .filter((s) => s.text !== undefined && s.atMs >= fromMs && s.atMs < toMs)
      .sort((a, b) => a.atMs - b.atMs)
      .map((s) => s.text as string)
  }
}

/** Mixes the segments overlapping [fromMs, toMs) into one buffer (summed, clipped); gaps are silence. */
export function mixSegments(segments: Iterable<AudioSegment>, fromMs: number, toMs: number): Int16Array {
  const length = Math.max(0, Math.round(((toMs - fromMs) * TELEPHONY_RATE) / 1000))
  const mix = new Float64Array(length)
  for (const segment of segments) {
    const offset = Math.round(((segment.atMs - fromMs) * TELEPHONY_RATE) / 1000)
    const first = Math.max(0, -offset)
    const last = Math.min(segment.samples.length, length - offset)
    for (let i = first; i < last; i++) mix[offset + i] += segment.samples[i]
  }
  return Int16Array.from(mix, clamp16)
}

export function durationMs(samples: Int16Array): number {
  return (samples.length * 1000) / TELEPHONY_RATE
}
