import { describe, expect, it } from 'vitest'
import { mulawEncode } from './audio/index'
import { BargeInGuard } from './barge-in-guard'

const FRAME_MS = 20
/** A 20 ms μ-law frame of a 300 Hz tone at `dbfs`, or line silence. */
function frame(dbfs: number | null): Uint8Array {
  const samples = new Int16Array(160)
  if (dbfs !== null) {
    const peak = 32768 * Math.SQRT2 * 10 ** (dbfs / 20)
    for (let index = 0; index < samples.length; index++) samples[index] = Math.round(peak * Math.sin((2 * Math.PI * 300 * index) / 8000))
  }
  return mulawEncode(samples)
}

function feed(guard: BargeInGuard, frames: Array<number | null>) {
  return frames.map((level) => guard.frame(frame(level), FRAME_MS))
}

describe('BargeInGuard', () => {
  it('interrupts at once when no minimum is set', () => {
    expect(new BargeInGuard(0).speechStarted()).toBe('interrupt')
  })

  it('interrupts once the caller has kept speaking for the minimum', () => {
    const guard = new BargeInGuard(200)
    expect(guard.speechStarted()).toBe('listening')
    const verdicts = feed(guard, Array(10).fill(-20))
    expect(verdicts.slice(0, 9).every((verdict) => verdict === 'listening')).toBe(true)
    expect(verdicts[9]).toBe('interrupt')
    expect(guard.isListening).toBe(false)
  })

  it('lets a cough go: a short loud burst, then silence, is noise', () => {
    const guard = new BargeInGuard(200)
    guard.speechStarted()
    const verdicts = feed(guard, [-12, -12, -12, ...Array(17).fill(null)])
    expect(verdicts.at(-1)).toBe('noise')
    expect(verdicts).not.toContain('interrupt')
  })

  it('lets quiet line noise go, and stops listening when VAD hears the sound end', () => {
    const noise = new BargeInGuard(200)
    noise.speechStarted()
    expect(feed(noise, Array(20).fill(-55))).toContain('noise')
    const stopped = new BargeInGuard(200)
    stopped.speechStarted()
    feed(stopped, [-20, -20])
    expect(stopped.speechStopped()).toBe('noise')
    expect(stopped.isListening).toBe(false)
  })

  it('counts voiced frames, not consecutive ones: speech with short pauses still interrupts', () => {
    const guard = new BargeInGuard(200)
    guard.speechStarted()
    const verdicts = feed(guard, [-20, -20, -20, null, -20, -20, -20, null, -20, -20, -20, -20])
    expect(verdicts.at(-1)).toBe('interrupt')
  })
})
