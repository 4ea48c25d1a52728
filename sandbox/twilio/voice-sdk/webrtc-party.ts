/**
 * A Voice SDK device on a call leg, as the engine sees any party (engine/party.ts): what the
 * browser says arrives as RTP, is decoded from μ-law and emitted as `speech` segments on the
 * engine clock (so bridges, conferences and recordings hear it); what the engine plays to it is
 * mixed and sent as 20 ms PCMU packets paced by the media clock. Key presses come as RTP
 * telephone-events when negotiated, else as the signaling `dtmf` message (pressDigits).
 */
import { randomInt } from 'node:crypto'
import { EventEmitter } from 'node:events'
import { RtpHeader, RtpPacket } from 'werift'
import type { Clock } from '../clock'
import { decodeMulaw, encodeMulaw } from '../audio/mulaw'
import { AudioTrack, type AudioSegment } from '../audio/track'
import { startPacer, type Pacer } from '../engine/frame-pacer'
import type { CallParty, CallPartyEvents } from '../engine/party'
import { InboundTimeline } from './inbound-audio'
import { answerOffer, createOffer, createPeer, PCMU_PAYLOAD_TYPE, TELEPHONE_EVENT_PAYLOAD_TYPE, type SandboxPeer } from './peer'
import { FRAME_MS, Playout } from './playout'
import { DtmfEventReader } from './telephone-event'

/** How far behind the engine clock frames are cut, so audio delivered just in time is not late. */
const PLAYOUT_DELAY_MS = 60
/** After a longer stall (or a clock leap) the party skips ahead instead of sending a burst. */
const MAX_FRAMES_PER_TICK = 5
const SAMPLES_PER_FRAME = 160

export interface WebRtcPartyOptions {
  /** The engine clock: segment times. */
  clock: Clock
  /** Paces the outgoing RTP (real time for a real browser). */
  mediaClock: Clock
}

export class WebRtcParty extends EventEmitter<CallPartyEvents> implements CallParty {
  readonly kind = 'webrtc' as const
  readonly heard = new AudioTrack()
  readonly spoken = new AudioTrack()
  private readonly peer: SandboxPeer = createPeer()
  private readonly playout: Playout
  private readonly pacer: Pacer
  private readonly timeline = new InboundTimeline()
  private readonly dtmf = new DtmfEventReader()
  private sequenceNumber = randomInt(0, 0x10000)
  private timestamp = randomInt(0, 0x1_0000_0000)
  private connected = true
  /** Called once when the engine ends the call, so signaling can tell the device (`hangup`). */
  onDisconnect: (() => void) | null = null

  constructor(private readonly options: WebRtcPartyOptions) {
    super()
    this.playout = new Playout(options.clock.now() - PLAYOUT_DELAY_MS)
    this.peer.audio.onTrack.subscribe((track) => track.onReceiveRtp.subscribe((rtp) => this.receive(rtp)))
    this.pacer = startPacer(options.mediaClock, FRAME_MS, () => this.sendDue())
  }

  /** The sandbox rings a device: our SDP offer for its `invite`. */
  offer(): Promise<string> {
    return createOffer(this.peer)
  }

  /** The device's answer to our offer (its `answer` message). */
  async accept(answerSdp: string): Promise<void> {
    await this.peer.pc.setRemoteDescription({ type: 'answer', sdp: answerSdp })
  }

  /** The device placed a call (or restarts ICE with a `reinvite`): our answer to its offer. */
  answer(offerSdp: string): Promise<string> {
    return answerOffer(this.peer, offerSdp)
  }

  /** Our current SDP (offer or answer), e.g. to resume after a signaling reconnect. */
  localSdp(): string {
    return this.peer.pc.localDescription?.sdp ?? ''
  }

  hear(samples: Int16Array, atMs: number): void {
    if (!this.connected) return
    this.heard.add({ atMs, samples })
    this.playout.add(samples, atMs)
  }

  /** A key press signaled with the `dtmf` message. */
  pressDigits(digits: string): void {
    for (const digit of digits) if (this.connected) this.emit('dtmf', digit)
  }

  /** The device hung up (or rejected, or its connection is gone). */
  hangUp(): void {
    if (!this.connected) return
    this.stop()
    this.emit('hangup')
  }

  disconnect(): void {
    if (!this.connected) return
    this.stop()
    this.onDisconnect?.()
  }

  /** Media ends without telling anyone: the device's ringing was canceled. */
  stop(): void {
    if (!this.connected) return
    this.connected = false
    this.pacer.stop()
    void this.peer.pc.close().catch(() => {})
  }

  private receive(rtp: RtpPacket): void {
    if (!this.connected) return
    const { payloadType, timestamp } = rtp.header
    if (payloadType === TELEPHONE_EVENT_PAYLOAD_TYPE) {
      const digit = this.dtmf.read(timestamp, rtp.payload)
      if (digit) this.emit('dtmf', digit)
      return
    }
    if (payloadType !== PCMU_PAYLOAD_TYPE) return
    const segment: AudioSegment = { atMs: this.timeline.place(timestamp, this.options.clock.now()), samples: decodeMulaw(rtp.payload) }
    this.spoken.add(segment)
    this.emit('speech', segment)
  }

  private sendDue(): void {
    const dueMs = this.options.clock.now() - PLAYOUT_DELAY_MS
    if (dueMs - this.playout.nextFrameMs > MAX_FRAMES_PER_TICK * FRAME_MS) this.playout.skipTo(dueMs - FRAME_MS)
    while (this.playout.nextFrameMs + FRAME_MS <= dueMs) this.send(this.playout.nextFrame())
  }

  private send(frame: Int16Array): void {
    const header = new RtpHeader({ payloadType: PCMU_PAYLOAD_TYPE, sequenceNumber: this.sequenceNumber, timestamp: this.timestamp })
    this.sequenceNumber = (this.sequenceNumber + 1) & 0xffff
    this.timestamp = (this.timestamp + SAMPLES_PER_FRAME) >>> 0
    void this.peer.audio.sender.sendRtp(new RtpPacket(header, encodeMulaw(frame))).catch(() => {})
  }
}
