/**
 * Outbound audio paced to the call. The Realtime API generates audio faster than real time;
 * Twilio plays whatever it is sent and buffers the rest. Sending it all as it comes would park
 * whole answers at Twilio; sending it just in time turns any event-loop stall or network jitter
 * longer than the lead into a gap the caller hears. So the audio is queued here and released
 * against an 8 kHz byte clock, keeping between `leadMs` and `leadMs + chunkMs` of it buffered
 * at Twilio: enough to ride out a stall of a few hundred milliseconds.
 *
 * A longer lead costs no truncation accuracy: each chunk is followed by a `mark`, and Twilio
 * echoes a mark once the audio before it has played
 * (https://www.twilio.com/docs/voice/media-streams/websocket-messages#mark-message), so marks
 * say how much of each assistant item the caller actually heard: the `audio_end_ms` of a
 * `conversation.item.truncate` after a barge-in, exact to within one chunk (`chunkMs`, the
 * mark interval). On barge-in `clear` drops everything Twilio holds; marks still pending then
 * are echoed by Twilio although their audio never played, so they are forgotten at the clear
 * and their late echoes ignored.
 *
 * Timing comes from a shared pacer (pacer.ts): one timer for all calls.
 */
import type { Pacer } from './pacer'

/** 8 kHz μ-law: one byte per sample. */
const BYTES_PER_MS = 8

export interface PlaybackSink {
  /** A chunk of audio and the mark that follows it (sent together, in one write). */
  send(audio: Uint8Array, markName: string): void
  clear(): void
}

export interface PlaybackOptions {
  pacer: Pacer
  /** Audio kept buffered at Twilio ahead of what it is playing (default 400 ms). */
  leadMs?: number
  /** Audio per `media` message, and so the mark interval (default 100 ms: the Realtime API's own delta size). */
  chunkMs?: number
  /** Stop sending when this much audio is unconfirmed by marks, e.g. if Twilio stalls (default twice lead + chunk). */
  maxUnconfirmedMs?: number
  /** Everything queued has been sent and Twilio has confirmed playing it. */
  onIdle?: () => void
  /** A chunk the pacer sent `lateMs` after it was due (the pacer's own jitter, for the benchmark). */
  onSend?: (lateMs: number) => void
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
  sentAtMs: number
}

export interface ClearedPlayback {
  /** The item that was playing or next to play, if any. */
  itemId?: string
  /** How much of it the caller heard (confirmed by marks). */
  playedMs: number
}

export const DEFAULT_LEAD_MS = 400
export const DEFAULT_CHUNK_MS = 100

export class Playback {
  private readonly queue: Chunk[] = []
  private queuedBytes = 0
  private readonly pending = new Map<string, PendingMark>()
  private unconfirmedBytes = 0
  private readonly sentBytesOfItem = new Map<string, number>()
  private readonly playedMsOfItem = new Map<string, number>()
  private markSequence = 0
  /** The byte clock of the current run: Twilio plays byte n at runStartMs + n / 8. */
  private runStartMs = 0
  private runSentBytes = 0
  private leavePacer?: () => void
  private stopped = false
  private readonly leadMs: number
  private readonly chunkBytes: number
  private readonly maxUnconfirmedBytes: number
  private readonly pacer: Pacer
  private readonly beat = (nowMs: number) => this.pump(nowMs, true)
  /** underruns: Twilio played dry while more audio was queued here (the caller heard a gap). */
  readonly stats = { chunksSent: 0, clears: 0, underruns: 0 }

  constructor(
    private readonly sink: PlaybackSink,
    private readonly options: PlaybackOptions,
  ) {
    this.pacer = options.pacer
    this.leadMs = options.leadMs ?? DEFAULT_LEAD_MS
    const chunkMs = options.chunkMs ?? DEFAULT_CHUNK_MS
    this.chunkBytes = chunkMs * BYTES_PER_MS
    this.maxUnconfirmedBytes = (options.maxUnconfirmedMs ?? 2 * (this.leadMs + chunkMs)) * BYTES_PER_MS
  }

  /** Queues μ-law audio of an item (an assistant item id, or e.g. `hold`) for paced sending. */
  enqueue(itemId: string, mulaw: Uint8Array): void {
    if (this.stopped || mulaw.length === 0) return
    this.queue.push({ itemId, bytes: mulaw })
    this.queuedBytes += mulaw.length
    // Sent at once while the lead is still short (the start of an answer), else on a beat.
    this.pump(this.pacer.now(), false)
  }

  /** A `mark` echoed by Twilio. */
  markPlayed(name: string): void {
    const mark = this.pending.get(name)
    if (!mark) return // cleared before it played, or not ours
    this.pending.delete(name)
    this.unconfirmedBytes -= mark.bytes
    this.playedMsOfItem.set(mark.itemId, mark.itemEndMs)
    if (this.isIdle) this.options.onIdle?.()
    // Sending was held back by maxUnconfirmedMs (the pacer was left): resume now.
    else if (this.queuedBytes > 0 && !this.leavePacer) this.pump(this.pacer.now(), false)
  }

  playedMs(itemId: string): number {
    return this.playedMsOfItem.get(itemId) ?? 0
  }

  /** Nothing queued here and nothing unconfirmed at Twilio. */
  get isIdle(): boolean {
    return this.queuedBytes === 0 && this.pending.size === 0
  }

  /**
   * How long ago the oldest audio Twilio has not confirmed was sent (0 when all is confirmed).
   * Twilio plays in real time, so beyond the lead this means it stopped playing or reading.
   */
  unconfirmedForMs(nowMs = this.pacer.now()): number {
    const oldest = this.pending.values().next().value
    return oldest ? nowMs - oldest.sentAtMs : 0
  }

  get queuedMs(): number {
    return this.queuedBytes / BYTES_PER_MS
  }

  /** How far ahead of Twilio's playhead the audio sent so far reaches (0 once it ran dry). */
  bufferedAheadMs(nowMs = this.pacer.now()): number {
    return Math.max(0, this.runEndMs - nowMs)
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
    this.runStartMs = 0
    this.leave()
    return { itemId, playedMs }
  }

  /** Stops for good (the stream ended): leaves the pacer. */
  stop(): void {
    this.stopped = true
    this.queue.length = 0
    this.queuedBytes = 0
    this.pending.clear()
    this.leave()
  }

  /** When Twilio will have played everything sent in this run. */
  private get runEndMs(): number {
    return this.runStartMs + this.runSentBytes / BYTES_PER_MS
  }

  private pump(now: number, onBeat: boolean): void {
    if (this.stopped) return
    // Twilio has played all we sent (first audio, or an underrun): a new run.
    if (now >= this.runEndMs) {
      if (onBeat && this.runSentBytes > 0 && this.queuedBytes > 0) this.stats.underruns++
      this.runStartMs = now
      this.runSentBytes = 0
    }
    while (this.queuedBytes > 0 && this.unconfirmedBytes < this.maxUnconfirmedBytes && this.runEndMs - now < this.leadMs) {
      if (onBeat) this.options.onSend?.(Math.max(0, now - (this.runEndMs - this.leadMs)))
      this.sendChunk()
    }
    // Held back by maxUnconfirmedMs, sending resumes from markPlayed instead of the pacer.
    if (this.queuedBytes > 0 && this.unconfirmedBytes < this.maxUnconfirmedBytes) this.leavePacer ??= this.pacer.join(this.beat)
    else this.leave()
  }

  /** Up to one chunk of a single item, so every mark belongs to exactly one item. */
  private sendChunk(): void {
    const head = this.queue[0]!
    let chunk: Uint8Array
    if (head.bytes.length >= this.chunkBytes || this.queue.length === 1 || this.queue[1]!.itemId !== head.itemId) {
      // The common case (a Realtime delta of one chunk or more): a view, no copy.
      chunk = head.bytes.subarray(0, this.chunkBytes)
      this.consume(chunk.length)
    } else {
      const joined = new Uint8Array(this.chunkBytes)
      let filled = 0
      while (filled < this.chunkBytes && this.queue.length > 0 && this.queue[0]!.itemId === head.itemId) {
        const part = this.queue[0]!.bytes.subarray(0, this.chunkBytes - filled)
        joined.set(part, filled)
        filled += part.length
        this.consume(part.length)
      }
      chunk = joined.subarray(0, filled)
    }
    const itemEndBytes = (this.sentBytesOfItem.get(head.itemId) ?? 0) + chunk.length
    this.sentBytesOfItem.set(head.itemId, itemEndBytes)
    const name = String(++this.markSequence)
    this.pending.set(name, { itemId: head.itemId, itemEndMs: Math.round(itemEndBytes / BYTES_PER_MS), bytes: chunk.length, sentAtMs: this.pacer.now() })
    this.unconfirmedBytes += chunk.length
    this.runSentBytes += chunk.length
    this.stats.chunksSent++
    this.sink.send(chunk, name)
  }

  private consume(byteCount: number): void {
    const head = this.queue[0]!
    if (byteCount >= head.bytes.length) this.queue.shift()
    else head.bytes = head.bytes.subarray(byteCount)
    this.queuedBytes -= byteCount
  }

  private leave(): void {
    this.leavePacer?.()
    this.leavePacer = undefined
  }
}
