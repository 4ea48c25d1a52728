/**
 * The endpoint at the far end of a call leg. A leg's party is a simulated phone today (driven by
 * the control API); a browser WebRTC client or any other endpoint implements the same interface:
 * it hears audio, and emits what it says, the digits it presses and its hang-up.
 */
import { EventEmitter } from 'node:events'
import { AudioTrack, type AudioSegment } from '../audio/track'

export interface CallPartyEvents {
  speech: [segment: AudioSegment]
  dtmf: [digit: string]
  hangup: []
}

export interface CallParty {
  readonly kind: 'simulated-phone' | 'webrtc'
  /** Everything the party has heard, placed at clock times (recordings read it). */
  readonly heard: AudioTrack
  /** Everything the party has said, placed at clock times. */
  readonly spoken: AudioTrack
  /** Plays audio to the party starting at `atMs` on the engine clock. */
  hear(samples: Int16Array, atMs: number): void
  /** Called by the engine when the call ends from the network side, so the endpoint stops. */
  disconnect(): void
  on<E extends keyof CallPartyEvents>(event: E, listener: (...args: CallPartyEvents[E]) => void): this
  off<E extends keyof CallPartyEvents>(event: E, listener: (...args: CallPartyEvents[E]) => void): this
}

/** A phone the control API drives: it speaks audio, presses keys and hangs up on request. */
export class SimulatedPhone extends EventEmitter<CallPartyEvents> implements CallParty {
  readonly kind = 'simulated-phone' as const
  readonly heard = new AudioTrack()
  readonly spoken = new AudioTrack()
  private connected = true

  constructor(private readonly now: () => number) {
    super()
  }

  hear(samples: Int16Array, atMs: number): void {
    this.heard.add({ atMs, samples })
  }

  /** Speaks after anything the phone is still saying; returns when (clock ms) the speech ends. */
  speak(samples: Int16Array, text?: string): { startMs: number; endMs: number } {
    const startMs = Math.max(this.now(), this.spoken.endMs())
    const segment: AudioSegment = { atMs: startMs, samples, text }
    const endMs = this.spoken.add(segment)
    if (this.connected) this.emit('speech', segment)
    return { startMs, endMs }
  }

  pressDigits(digits: string): void {
    for (const digit of digits) if (this.connected) this.emit('dtmf', digit)
  }

  hangUp(): void {
    if (!this.connected) return
    this.connected = false
    this.emit('hangup')
  }

  disconnect(): void {
    this.connected = false
  }

  get isConnected(): boolean {
    return this.connected
  }
}
