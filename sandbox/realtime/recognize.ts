/**
 * "Speech recognition" for the stand-in: it cannot understand speech, but it can tell when
 * a caller turn is one of its own shipped clips (the simulated callers play them), by
 * matching loudness envelopes. Envelopes in dB survive G.711, resampling and gain changes,
 * and Pearson correlation ignores a constant level offset.
 */
import { rmsDbfs } from './pcm'
import { clipNames, loadClip, type Speech } from './speech'
import type { PcmAudio } from './wav'

const FRAME_MS = 20
const FLOOR_DB = -60
/** Correlation above which the turn is taken to be the clip. */
const MATCH = 0.9

function envelope({ samples, sampleRate }: PcmAudio): number[] {
  const frame = (sampleRate * FRAME_MS) / 1000
  const levels: number[] = []
  for (let start = 0; start + frame <= samples.length; start += frame) {
    levels.push(Math.max(FLOOR_DB, rmsDbfs(samples, start, start + frame)))
  }
  return levels
}

function correlation(a: number[], b: number[], offset: number): number {
  const n = a.length
  let meanA = 0
  let meanB = 0
  for (let i = 0; i < n; i++) {
    meanA += a[i]
    meanB += b[offset + i]
  }
  meanA /= n
  meanB /= n
  let covariance = 0
  let varianceA = 0
  let varianceB = 0
  for (let i = 0; i < n; i++) {
    const da = a[i] - meanA
    const db = b[offset + i] - meanB
    covariance += da * db
    varianceA += da * da
    varianceB += db * db
  }
  return varianceA && varianceB ? covariance / Math.sqrt(varianceA * varianceB) : 0
}

/** The shipped clip the audio contains, if any. */
export function recognizeClip(audio: PcmAudio): Speech | undefined {
  const heard = envelope(audio)
  let best: { clip: Speech; score: number } | undefined
  for (const name of clipNames()) {
    const clip = loadClip(name)
    const expected = envelope(clip)
    for (let offset = 0; offset + expected.length <= heard.length; offset++) {
      const score = correlation(expected, heard, offset)
      if (score > MATCH && score > (best?.score ?? 0)) best = { clip, score }
    }
  }
  return best?.clip
}
