/**
 * The browser's side of the media, for gateway tests: a full-ICE werift peer that, like the
 * Voice SDK, sends its SDP without waiting for candidates, speaks 20 ms PCMU frames in real time,
 * can press keys as RTP telephone-events, and keeps what it hears.
 */
import { randomInt } from 'node:crypto'
import { RTCPeerConnection, RTCRtpCodecParameters, RtpHeader, RtpPacket, type RTCRtpTransceiver } from 'werift'
import { decodeMulaw, encodeMulaw } from '../../audio/mulaw'
import { concatSamples } from '../../audio/tones'

export class BrowserPeer {
  readonly pc: RTCPeerConnection
  private readonly audio: RTCRtpTransceiver
  private readonly heardChunks: Int16Array[] = []
  private speaking: NodeJS.Timeout | null = null
  private sequenceNumber = randomInt(0, 0x10000)
  private timestamp = randomInt(0, 0x10000000)

  constructor() {
    const audio = [new RTCRtpCodecParameters({ mimeType: 'audio/PCMU', clockRate: 8000, channels: 1, payloadType: 0 })]
    this.pc = new RTCPeerConnection({ codecs: { audio }, iceServers: [], iceUseIpv6: false, iceAdditionalHostAddresses: ['127.0.0.1'] })
    this.audio = this.pc.addTransceiver('audio', { direction: 'sendrecv' })
    this.audio.onTrack.subscribe((track) =>
      track.onReceiveRtp.subscribe((rtp) => {
        if (rtp.header.payloadType === 0) this.heardChunks.push(decodeMulaw(rtp.payload))
      }),
    )
  }

  /** Answers the gateway's `invite` offer. */
  async answer(offerSdp: string): Promise<string> {
    await this.pc.setRemoteDescription({ type: 'offer', sdp: offerSdp })
    await this.pc.setLocalDescription(await this.pc.createAnswer())
    return this.pc.localDescription!.sdp
  }

  /** An offer for an outgoing `invite`. */
  async offer(): Promise<string> {
    await this.pc.setLocalDescription(await this.pc.createOffer())
    return this.pc.localDescription!.sdp
  }

  async accept(answerSdp: string): Promise<void> {
    await this.pc.setRemoteDescription({ type: 'answer', sdp: answerSdp })
  }

  async connected(): Promise<void> {
    if (this.pc.connectionState === 'connected') return
    await this.pc.connectionStateChange.watch((state) => state === 'connected', 10_000)
  }

  /** Speaks `samples` (8 kHz) in real time, 20 ms a packet, looping until stopSpeaking. */
  speak(samples: Int16Array): void {
    let offset = 0
    this.speaking = setInterval(() => {
      const frame = new Int16Array(160)
      for (let i = 0; i < 160; i++) frame[i] = samples[(offset + i) % samples.length]
      offset = (offset + 160) % samples.length
      this.sendRtp(0, encodeMulaw(frame))
      this.timestamp += 160
    }, 20)
  }

  stopSpeaking(): void {
    if (this.speaking) clearInterval(this.speaking)
    this.speaking = null
  }

  heard(): Int16Array {
    return concatSamples(this.heardChunks)
  }

  async close(): Promise<void> {
    this.stopSpeaking()
    await this.pc.close()
  }

  private sendRtp(payloadType: number, payload: Buffer): void {
    const header = new RtpHeader({ payloadType, sequenceNumber: this.sequenceNumber, timestamp: this.timestamp >>> 0 })
    this.sequenceNumber = (this.sequenceNumber + 1) & 0xffff
    void this.audio.sender.sendRtp(new RtpPacket(header, payload)).catch(() => {})
  }
}
