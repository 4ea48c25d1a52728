/**
 * One call between the sandbox and a device, as the device's signaling sees it: messages for
 * its CallSid go to the call's WebRTC party (`hangup`, `dtmf`, `reinvite`), and the engine
 * ending the call sends `hangup`. A signaling reconnect re-binds the call to the new connection.
 */
import { randomBytes } from 'node:crypto'
import type { WebRtcParty } from './webrtc-party'

export interface SignalingChannel {
  send(type: string, payload: Record<string, unknown>): void
}

export class DeviceCall {
  /** Given to the device in `answer` (payload.reconnect): it presents it to resume after a signaling drop. */
  readonly reconnectToken = randomBytes(16).toString('hex')

  constructor(
    readonly callSid: string,
    readonly party: WebRtcParty,
    public channel: SignalingChannel,
    /** Other ids the device may use for the call (its temporary outbound id). */
    readonly aliases: string[] = [],
  ) {}

  /** The engine ended the call: the device hears `hangup`. */
  hungUpByNetwork(): void {
    this.channel.send('hangup', { callsid: this.callSid })
  }

  async handle(type: string, payload: Record<string, unknown>): Promise<void> {
    if (type === 'hangup' || type === 'reject') return this.party.hangUp()
    if (type === 'dtmf' && typeof payload.dtmf === 'string') return this.party.pressDigits(payload.dtmf)
    if (type === 'reinvite' && typeof payload.sdp === 'string') {
      // An ICE restart: answer the new offer on the same connection (peerconnection.js iceRestart).
      this.channel.send('answer', { callsid: this.callSid, sdp: await this.party.answer(payload.sdp) })
    }
  }
}
