import { describe, expect, it } from 'vitest'
import { Playback, type PlaybackClock } from './playback'

/** A manual clock: timers run only when the test advances time. */
function manualClock() {
  let now = 0
  let timers: Array<{ at: number; callback: () => void; id: number }> = []
  let nextId = 0
  const clock: PlaybackClock = {
    now: () => now,
    setTimeout: (callback, ms) => {
      const timer = { at: now + ms, callback, id: nextId++ }
      timers.push(timer)
      return timer.id
    },
    clearTimeout: (id) => void (timers = timers.filter((timer) => timer.id !== id)),
  }
  return {
    clock,
    pendingTimers: () => timers.length,
    advance(ms: number) {
      const end = now + ms
      for (;;) {
        const due = timers.filter((timer) => timer.at <= end).sort((a, b) => a.at - b.at)[0]
        if (!due) break
        timers = timers.filter((timer) => timer !== due)
        now = due.at
        due.callback()
      }
      now = end
    },
  }
}

function recordingSink() {
  const sent: Array<{ kind: 'media'; bytes: number; atMs: number } | { kind: 'mark'; name: string } | { kind: 'clear' }> = []
  return { sent, frames: () => sent.filter((entry) => entry.kind === 'media') as Array<{ bytes: number; atMs: number }>, marks: () => sent.flatMap((entry) => (entry.kind === 'mark' ? [entry.name] : [])) }
}

function setup(options: { maxUnconfirmedMs?: number } = {}) {
  const time = manualClock()
  const sink = recordingSink()
  const playback = new Playback(
    {
      media: (frame) => sink.sent.push({ kind: 'media', bytes: frame.length, atMs: time.clock.now() }),
      mark: (name) => sink.sent.push({ kind: 'mark', name }),
      clear: () => sink.sent.push({ kind: 'clear' }),
    },
    { clock: time.clock, leadMs: 40, ...options },
  )
  return { time, sink, playback }
}

describe('Playback', () => {
  it('sends three frames at once (the one playing and a 40 ms lead), then one 160-byte frame per 20 ms, each followed by a mark', () => {
    const { time, sink, playback } = setup({ maxUnconfirmedMs: Infinity })
    playback.enqueue('item_a', new Uint8Array(8000)) // one second
    expect(sink.frames().map((frame) => frame.atMs)).toEqual([0, 0, 0])
    time.advance(100)
    expect(sink.frames().map((frame) => frame.atMs)).toEqual([0, 0, 0, 20, 40, 60, 80, 100])
    expect(sink.sent.slice(0, 2)).toEqual([{ kind: 'media', bytes: 160, atMs: 0 }, { kind: 'mark', name: '1' }])
    time.advance(2000)
    expect(sink.frames()).toHaveLength(50)
    expect(sink.frames().at(-1)!.atMs).toBe(940)
    expect(time.pendingTimers()).toBe(0)
  })

  it('counts as played only what marks confirm, per item', () => {
    const { time, sink, playback } = setup()
    playback.enqueue('item_a', new Uint8Array(400)) // 50 ms: frames of 160, 160, 80
    playback.enqueue('item_b', new Uint8Array(320))
    time.advance(100)
    const marks = sink.marks()
    expect(marks).toHaveLength(5)
    expect(playback.playedMs('item_a')).toBe(0)
    playback.markPlayed(marks[0])
    playback.markPlayed(marks[1])
    expect(playback.playedMs('item_a')).toBe(40)
    playback.markPlayed(marks[2])
    expect(playback.playedMs('item_a')).toBe(50)
    playback.markPlayed(marks[3])
    expect(playback.playedMs('item_b')).toBe(20)
    expect(playback.currentItemId).toBe('item_b')
  })

  it('clear drops the queue, reports what was heard, and ignores the echoes of cleared marks', () => {
    const { time, sink, playback } = setup()
    playback.enqueue('item_a', new Uint8Array(8000))
    time.advance(40)
    const [first, second, third] = sink.marks()
    playback.markPlayed(first)
    expect(playback.clear()).toEqual({ itemId: 'item_a', playedMs: 20 })
    expect(sink.sent.at(-1)).toEqual({ kind: 'clear' })
    // Twilio echoes pending marks on clear although their audio never played.
    playback.markPlayed(second)
    playback.markPlayed(third)
    expect(playback.playedMs('item_a')).toBe(20)
    expect(playback.isIdle).toBe(true)
    const framesBefore = sink.frames().length
    time.advance(200)
    expect(sink.frames()).toHaveLength(framesBefore)
    expect(time.pendingTimers()).toBe(0)
  })

  it('sends no clear when nothing is playing', () => {
    const { sink, playback } = setup()
    expect(playback.clear()).toEqual({ itemId: undefined, playedMs: 0 })
    expect(sink.sent).toEqual([])
  })

  it('holds back when Twilio stops confirming, and resumes on the next echo', () => {
    const { time, sink, playback } = setup({ maxUnconfirmedMs: 100 })
    playback.enqueue('item_a', new Uint8Array(8000))
    time.advance(500)
    expect(sink.frames()).toHaveLength(5) // 100 ms unconfirmed
    expect(time.pendingTimers()).toBe(0)
    playback.markPlayed(sink.marks()[0])
    expect(sink.frames()).toHaveLength(6)
  })

  it('keeps its schedule across a short gap in the audio, and restarts with a fresh lead after an underrun', () => {
    const { time, sink, playback } = setup()
    playback.enqueue('item_a', new Uint8Array(160 * 4))
    time.advance(30) // frames at 0, 0, 0, 20; Twilio holds audio until 80 ms
    playback.enqueue('item_a', new Uint8Array(160 * 2))
    time.advance(30)
    expect(sink.frames().map((frame) => frame.atMs)).toEqual([0, 0, 0, 20, 40, 60])
    time.advance(500) // Twilio ran dry at 120 ms
    playback.enqueue('item_b', new Uint8Array(160 * 4))
    expect(sink.frames().slice(6).map((frame) => frame.atMs)).toEqual([560, 560, 560])
  })

  it('stop leaves no timer and ignores later audio', () => {
    const { time, sink, playback } = setup()
    playback.enqueue('item_a', new Uint8Array(8000))
    playback.stop()
    expect(time.pendingTimers()).toBe(0)
    playback.enqueue('item_a', new Uint8Array(160))
    expect(sink.frames()).toHaveLength(3)
  })
})
