/**
 * Ringing one device: the `invite` the gateway sent it for a leg, until the device answers
 * (`answer` with its SDP), rejects (`reject`), goes away (its connection closes) or the ringing
 * is canceled (`cancel`: another device answered, the caller hung up, or the <Dial> timed out).
 */
import type { SignalingChannel } from './device-call'
import type { WebRtcParty } from './webrtc-party'

export type InviteOutcome = 'answered' | 'rejected' | 'gone'

export class RingingInvite {
  readonly outcome: Promise<InviteOutcome>
  private settle!: (outcome: InviteOutcome) => void
  private settled = false

  constructor(
    readonly callSid: string,
    readonly party: WebRtcParty,
    readonly channel: SignalingChannel,
  ) {
    this.outcome = new Promise((resolve) => (this.settle = resolve))
  }

  get isPending(): boolean {
    return !this.settled
  }

  async answered(sdp: string): Promise<void> {
    if (this.settled) return
    try {
      await this.party.accept(sdp)
    } catch {
      return this.finish('gone')
    }
    this.finish('answered')
  }

  rejected(): void {
    this.finish('rejected')
  }

  gone(): void {
    this.finish('gone')
  }

  /** The device stops ringing: `cancel {callsid}` (call.js _onCancel). */
  cancel(): void {
    if (this.settled) return
    this.channel.send('cancel', { callsid: this.callSid })
    this.finish('gone')
  }

  private finish(outcome: InviteOutcome): void {
    if (this.settled) return
    this.settled = true
    if (outcome !== 'answered') this.party.stop()
    this.settle(outcome)
  }
}
