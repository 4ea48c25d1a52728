/**
 * Outbound audio paced to the call. The Realtime API generates audio faster than real time;
 * Twilio plays whatever it is sent and buffers the rest, so sending audio as it arrives would
 * park seconds of speech at Twilio, out of reach when the caller barges in (a `clear` drops
 * it, but nothing tells us how much of it was heard). Instead the audio is queued here and
 * released on a drift-free 8 kHz byte clock with a small lead (`leadMs`) over what Twilio is
 * playing, so Twilio holds only a few frames at any time.
 *
 * Each frame is followed by a `mark`; Twilio echoes a mark once the audio before it has played
 * (https://www.twilio.com/docs/voice/media-streams/websocket-messages#mark-message), which
 * tells us, per assistant item, how many milliseconds the caller has actually heard: the
 * `audio_end_ms` of a `conversation.item.truncate` after a barge-in. Marks still pending when we
 * send `clear` are echoed by Twilio too although their audio never played, so they are
 * forgotten at the clear and their late echoes ignored.
 */
import { FRAME_BYTES } from './twilio-stream'

/** 8 kHz μ-law: one byte per sample. */
const BYTES_PER_MS = 8

export interface PlaybackClock {
  now(): number
  setTimeout(callback: () => void, ms: number): unknown
  clearTimeout(timer: unknown): void
}

export const realClock: PlaybackClock = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (timer) => clearTimeout(timer as NodeJS.Timeout),
}

export interface PlaybackSink {
  media(frame: Uint8Array): void
  mark(name: string): void
  clear(): void
}

export interface PlaybackOptions {
  /** Audio kept queued at Twilio beyond the frame it is playing (default 40 ms: three frames in all). */
  leadMs?: number
  /** Stop sending when this much audio is unconfirmed by marks, e.g. if Twilio stalls (default 500 ms). */
  maxUnconfirmedMs?: number
  clock?: PlaybackClock
  /** Everything queued has been sent and Twilio has confirmed playing it. */
  onIdle?: () => void
  /** A clock-driven send ran `lateMs` after its slot (the pacer's own jitter, for the benchmark). */
  onTick?: (lateMs: number) => void
}

interface Chunk {
  itemId: string
  bytes: Uint8Array
}

interface PendingMark {
  itemId: string
  /** Milliseconds of the item played once this mark is echoed. */
  itemEndMs: number
  bytes: number
}

export interface ClearedPlayback {
  /** The item that was playing or next to play, if any. */
  itemId?: string
  /** How much of it the caller heard (confirmed by marks). */
  playedMs: number
}

export class Playback {
  private readonly queue: Chunk[] = []
  private queuedBytes = 0
  private readonly pending = new Map<string, PendingMark>()
  private unconfirmedBytes = 0
  private readonly sentBytesOfItem = new Map<string, number>()
  private readonly playedMsOfItem = new Map<string, number>()
  private markSequence = 0
  /** The byte clock of the current run: Twilio plays byte n at runStartMs + n / 8; we send it leadMs earlier. */
  private runStartMs = 0
  private runSentBytes = 0
  private timer: unknown
  private stopped = false
  private readonly leadMs: number
  private readonly maxUnconfirmedBytes: number
  private readonly clock: PlaybackClock
  /** underruns: a run of audio Twilio played dry while more was queued (the caller heard a gap). */
  readonly stats = { framesSent: 0, clears: 0, underruns: 0 }

  constructor(
    private readonly sink: PlaybackSink,
    private readonly options: PlaybackOptions = {},
  ) {
    this.leadMs = options.leadMs ?? 40
    this.maxUnconfirmedBytes = (options.maxUnconfirmedMs ?? 500) * BYTES_PER_MS
    this.clock = options.clock ?? realClock
  }

  /** Queues μ-law audio of an item (an assistant item id, or e.g. `hold`) for paced sending. */
  enqueue(itemId: string, mulaw: Uint8Array): void {
    if (this.stopped || mulaw.length === 0) return
    const wasEmpty = this.queuedBytes === 0
    this.queue.push({ itemId, bytes: mulaw })
    this.queuedBytes += mulaw.length
    if (wasEmpty) this.pump()
  }

  /** A `mark` echoed by Twilio. */
  markPlayed(name: string): void {
    const mark = this.pending.get(name)
    if (!mark) return // cleared before it played, or not ours
    this.pending.delete(name)
    this.unconfirmedBytes -= mark.bytes
    this.playedMsOfItem.set(mark.itemId, mark.itemEndMs)
    if (this.isIdle) this.options.onIdle?.()
    // Sending was held back by maxUnconfirmedMs (no timer armed): resume now.
    else if (this.timer === undefined && this.queuedBytes > 0) this.pump()
  }

  playedMs(itemId: string): number {
    return this.playedMsOfItem.get(itemId) ?? 0
  }

  /** Nothing queued here and nothing unconfirmed at Twilio. */
  get isIdle(): boolean {
    return this.queuedBytes === 0 && this.pending.size === 0
  }

  get queuedMs(): number {
    return this.queuedBytes / BYTES_PER_MS
  }

  /** The item the caller is hearing now (or will hear next). */
  get currentItemId(): string | undefined {
    return this.pending.values().next().value?.itemId ?? this.queue[0]?.itemId
  }

  /** Silences the line: drops the queue here and, with `clear`, what Twilio has buffered. */
  clear(): ClearedPlayback {
    const itemId = this.currentItemId
    const playedMs = itemId === undefined ? 0 : this.playedMs(itemId)
    if (!this.isIdle) {
      this.sink.clear()
      this.stats.clears++
    }
    this.queue.length = 0
    this.queuedBytes = 0
    this.pending.clear()
    this.unconfirmedBytes = 0
    this.runSentBytes = 0
    this.cancelTimer()
    return { itemId, playedMs }
  }

  /** Stops for good (the stream ended): no timer survives. */
  stop(): void {
    this.stopped = true
    this.queue.length = 0
    this.queuedBytes = 0
    this.pending.clear()
    this.cancelTimer()
  }

  /** When the next frame is due: `leadMs` before Twilio would reach it. */
  private nextDueMs(): number {
    return this.runStartMs + this.runSentBytes / BYTES_PER_MS - this.leadMs
  }

  private pump(fromClock = false): void {
    this.cancelTimer()
    if (this.stopped) return
    const now = this.clock.now()
    // Twilio has played all we sent (first audio, or an underrun): a new run, with a fresh lead.
    if (now >= this.runStartMs + this.runSentBytes / BYTES_PER_MS) {
      if (fromClock) this.stats.underruns++
      this.runStartMs = now
      this.runSentBytes = 0
    }
    while (this.queuedBytes > 0 && this.unconfirmedBytes < this.maxUnconfirmedBytes && this.nextDueMs() <= now) this.sendFrame()
    // Held back by maxUnconfirmedMs, sending resumes from markPlayed instead of the clock.
    if (this.queuedBytes > 0 && this.unconfirmedBytes < this.maxUnconfirmedBytes) {
      const dueMs = this.nextDueMs()
      this.timer = this.clock.setTimeout(() => {
        this.timer = undefined
        this.options.onTick?.(this.clock.now() - dueMs)
        this.pump(true)
      }, dueMs - now)
    }
  }

  /** Up to one frame of a single item, so every mark belongs to exactly one item. */
  private sendFrame(): void {
    const head = this.queue[0]
    let frame: Uint8Array
    if (head.bytes.length >= FRAME_BYTES || this.queue.length === 1 || this.queue[1].itemId !== head.itemId) {
      frame = head.bytes.subarray(0, FRAME_BYTES)
      this.consume(frame.length)
    } else {
      frame = new Uint8Array(FRAME_BYTES)
      let filled = 0
      while (filled < FRAME_BYTES && this.queue.length > 0 && this.queue[0].itemId === head.itemId) {
        const part = this.queue[0].bytes.subarray(0, FRAME_BYTES - filled)
        frame.set(part, filled)
        filled += part.length
        this.consume(part.length)
      }
      frame = frame.subarray(0, filled)
    }
    const itemEndBytes = (this.sentBytesOfItem.get(head.itemId) ?? 0) + frame.length
    this.sentBytesOfItem.set(head.itemId, itemEndBytes)
    const name = String(++this.markSequence)
    this.pending.set(name, { itemId: head.itemId, itemEndMs: Math.round(itemEndBytes / BYTES_PER_MS), bytes: frame.length })
    this.unconfirmedBytes += frame.length
    this.runSentBytes += frame.length
    this.stats.framesSent++
    this.sink.media(frame)
    this.sink.mark(name)
  }

  private consume(byteCount: number): void {
    const head = this.queue[0]
    if (byteCount >= head.bytes.length) this.queue.shift()
    else head.bytes = head.bytes.subarray(byteCount)
    this.queuedBytes -= byteCount
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer)
    this.timer = undefined
  }
}
