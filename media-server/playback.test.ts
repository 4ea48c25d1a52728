import { describe, expect, it } from 'vitest'
import { SharedPacer } from './pacer'
import { Playback, type PlaybackOptions } from './playback'
import { ManualPacer } from './testing/manual-pacer'

/** What the sink was given, stamped with the pacer's time. */
function recordingSink(pacer: ManualPacer) {
  const sent: Array<{ kind: 'chunk'; bytes: number; mark: string; atMs: number } | { kind: 'clear'; atMs: number }> = []
  const chunks = () => sent.filter((entry) => entry.kind === 'chunk') as Array<{ bytes: number; mark: string; atMs: number }>
  return {
    sent,
    chunks,
    marks: () => chunks().map((chunk) => chunk.mark),
    sink: {
      send: (audio: Uint8Array, mark: string) => sent.push({ kind: 'chunk', bytes: audio.length, mark, atMs: pacer.now() }),
      clear: () => sent.push({ kind: 'clear', atMs: pacer.now() }),
    },
  }
}

function setup(options: Partial<PlaybackOptions> = {}) {
  const pacer = new ManualPacer()
  const recorded = recordingSink(pacer)
  const playback = new Playback(recorded.sink, { pacer, leadMs: 400, chunkMs: 100, maxUnconfirmedMs: Infinity, ...options })
  return { pacer, ...recorded, playback }
}

/** Twilio's side: plays what was sent in real time from `startMs`, and says how far it got at `atMs`. */
function playedBy(chunks: Array<{ bytes: number; atMs: number }>, startMs: number, atMs: number): number {
  let playhead = startMs
  for (const chunk of chunks) {
    if (chunk.atMs > playhead) return Number.NaN // a gap: the chunk came after Twilio ran dry
    playhead += chunk.bytes / 8
    if (playhead >= atMs) return atMs
  }
  return playhead
}

describe('Playback', () => {
  it('sends the first 400 ms at once, then a 100 ms chunk (one message, one mark) whenever the lead falls under 400 ms', () => {
    const { pacer, chunks, playback } = setup()
    playback.enqueue('item_a', new Uint8Array(16_000)) // two seconds
    expect(chunks().map((chunk) => chunk.atMs)).toEqual([0, 0, 0, 0])
    expect(chunks().every((chunk) => chunk.bytes === 800)).toBe(true)
    pacer.advance(300)
    expect(chunks().map((chunk) => chunk.atMs)).toEqual([0, 0, 0, 0, 20, 120, 220])
    pacer.advance(3000)
    expect(chunks()).toHaveLength(20)
    // Never more than lead + one chunk ahead of what Twilio is playing, never less than the lead minus a beat.
    for (const [index, chunk] of chunks().entries()) {
      const aheadMs = (index + 1) * 100 - chunk.atMs
      expect(aheadMs).toBeLessThanOrEqual(500)
      if (index >= 4) expect(aheadMs).toBeGreaterThanOrEqual(400)
    }
    expect(pacer.size).toBe(0) // nothing queued: the call left the shared clock
  })

  it('rides out a 350 ms stall of the event loop without a gap (the lead covers it)', () => {
    const { pacer, chunks, playback } = setup()
    playback.enqueue('item_a', new Uint8Array(16_000))
    pacer.advance(1000)
    pacer.stall(350)
    pacer.advance(1000)
    expect(playedBy(chunks(), 0, 2000)).toBe(2000)
    expect(playback.stats.underruns).toBe(0)
  })

  it('counts an underrun when a stall outlasts the lead', () => {
    const { pacer, chunks, playback } = setup()
    playback.enqueue('item_a', new Uint8Array(16_000))
    pacer.advance(1000)
    pacer.stall(700) // Twilio held at most 500 ms
    expect(playback.stats.underruns).toBe(1)
    expect(Number.isNaN(playedBy(chunks(), 0, 1900))).toBe(true)
  })

  it('counts as played only what marks confirm, per item, so truncation is exact to one mark interval', () => {
    const { chunks, marks, playback } = setup()
    playback.enqueue('item_a', new Uint8Array(1000)) // 125 ms: chunks of 100 and 25 ms
    playback.enqueue('item_b', new Uint8Array(1600))
    expect(chunks().map((chunk) => chunk.bytes)).toEqual([800, 200, 800, 800])
    const [first, second, third] = marks()
    expect(playback.playedMs('item_a')).toBe(0)
    playback.markPlayed(first)
    expect(playback.playedMs('item_a')).toBe(100)
    playback.markPlayed(second)
    expect(playback.playedMs('item_a')).toBe(125)
    playback.markPlayed(third)
    expect(playback.playedMs('item_b')).toBe(100)
    expect(playback.currentItemId).toBe('item_b')
  })

  it('clear drops the queue, reports what marks confirmed (at most one chunk behind the caller), and ignores the echoes of cleared marks', () => {
    const { pacer, sent, chunks, marks, playback } = setup()
    playback.enqueue('item_a', new Uint8Array(16_000))
    pacer.advance(260)
    // Twilio has played 260 ms: the marks after the first and second chunk are back.
    const [first, second, third] = marks()
    playback.markPlayed(first)
    playback.markPlayed(second)
    const cleared = playback.clear()
    expect(cleared).toEqual({ itemId: 'item_a', playedMs: 200 })
    // Heard 260 ms; reported 200: behind by less than one mark interval (100 ms), never ahead.
    expect(260 - cleared.playedMs).toBeGreaterThanOrEqual(0)
    expect(260 - cleared.playedMs).toBeLessThan(100)
    expect(sent.at(-1)).toEqual({ kind: 'clear', atMs: 260 })
    // Twilio echoes pending marks on clear although their audio never played.
    playback.markPlayed(third)
    expect(playback.playedMs('item_a')).toBe(200)
    expect(playback.isIdle).toBe(true)
    const chunksBefore = chunks().length
    pacer.advance(1000)
    expect(chunks()).toHaveLength(chunksBefore)
    expect(pacer.size).toBe(0)
  })

  it('marks every 20 ms frame when asked (chunkMs 20): truncation exact to a frame', () => {
    const { pacer, chunks, marks, playback } = setup({ leadMs: 40, chunkMs: 20 })
    playback.enqueue('item_a', new Uint8Array(8000))
    expect(chunks().map((chunk) => chunk.bytes)).toEqual([160, 160])
    pacer.advance(100)
    expect(chunks()).toHaveLength(7)
    for (const mark of marks().slice(0, 3)) playback.markPlayed(mark)
    expect(playback.clear().playedMs).toBe(60)
  })

  it('sends no clear when nothing is playing', () => {
    const { sent, playback } = setup()
    expect(playback.clear()).toEqual({ itemId: undefined, playedMs: 0 })
    expect(sent).toEqual([])
  })

  it('holds back when Twilio stops confirming, leaves the clock, and resumes on the next echo', () => {
    const { pacer, chunks, marks, playback } = setup({ maxUnconfirmedMs: 600 })
    playback.enqueue('item_a', new Uint8Array(16_000))
    pacer.advance(3000)
    expect(chunks()).toHaveLength(6) // 600 ms unconfirmed
    expect(pacer.size).toBe(0)
    playback.markPlayed(marks()[0])
    expect(chunks()).toHaveLength(7)
  })

  it('keeps its schedule across a short gap in the model audio, and restarts with a fresh lead after Twilio ran dry', () => {
    const { pacer, chunks, playback } = setup()
    playback.enqueue('item_a', new Uint8Array(800 * 2))
    pacer.advance(150) // Twilio holds audio until 200 ms
    playback.enqueue('item_a', new Uint8Array(800))
    expect(chunks().map((chunk) => chunk.atMs)).toEqual([0, 0, 150])
    pacer.advance(1000) // Twilio ran dry at 300 ms; the model was slow, not us
    expect(playback.stats.underruns).toBe(0)
    playback.enqueue('item_b', new Uint8Array(800 * 6))
    expect(chunks().slice(3).map((chunk) => chunk.atMs)).toEqual([1150, 1150, 1150, 1150])
  })

  it('stop leaves the clock and ignores later audio', () => {
    const { pacer, chunks, playback } = setup()
    playback.enqueue('item_a', new Uint8Array(8000))
    playback.stop()
    expect(pacer.size).toBe(0)
    playback.enqueue('item_a', new Uint8Array(800))
    expect(chunks()).toHaveLength(4)
  })
})

describe('SharedPacer', () => {
  it('runs one timer for all its calls, and none once they have all left', () => {
    const pacer = new SharedPacer()
    const timers = () => process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length
    const before = timers()
    const leaves = Array.from({ length: 50 }, () => pacer.join(() => {}))
    expect(timers() - before).toBe(1)
    for (const leave of leaves) leave()
    expect(timers()).toBe(before)
  })
})
