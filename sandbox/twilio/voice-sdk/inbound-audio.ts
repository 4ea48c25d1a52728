/**
 * Places received RTP audio on the engine clock: the first packet is anchored at its arrival,
 * later ones by their RTP timestamps (8 kHz ticks), so jitter does not stretch or squeeze the
 * speech. A gap in the stream (the sender paused, or the clocks drifted apart) re-anchors.
 */
const RATE_PER_MS = 8
const REANCHOR_AFTER_MS = 300

export class InboundTimeline {
  private anchor: { ms: number; ticks: number } | null = null
  private lastTimestamp = 0
  private ticks = 0

  /** Engine-clock time (ms) at which audio with this RTP timestamp was said. */
  place(timestamp: number, nowMs: number): number {
    if (this.anchor === null) {
      this.lastTimestamp = timestamp
      this.anchor = { ms: nowMs, ticks: 0 }
      return nowMs
    }
    // RTP timestamps wrap at 2^32: the signed 32-bit difference is the step.
    this.ticks += (timestamp - this.lastTimestamp) | 0
    this.lastTimestamp = timestamp
    const expected = this.anchor.ms + (this.ticks - this.anchor.ticks) / RATE_PER_MS
    if (Math.abs(expected - nowMs) <= REANCHOR_AFTER_MS) return expected
    this.anchor = { ms: nowMs, ticks: this.ticks }
    return nowMs
  }
}
