/**
 * One device's signaling connection (the SDK's PStream over `wss://…/signal`): `listen` with the
 * access token → `connected`; `register` → `ready` / `offline`; invites both ways; per-call
 * messages to the call they name; heartbeats sent (the device echoes them). Messages before a valid `listen` are
 * refused with 31204, as Twilio's gateway refuses a queued `register` (pstream.js register).
 */
import type { WebSocket } from 'ws'
import type { CallEngine } from '../engine/index'
import type { CallSession } from '../engine/call-session'
import { verifyAccessToken, type VoiceGrant } from './access-token'
import { DeviceCall, type SignalingChannel } from './device-call'
import type { DeviceRegistry } from './devices'
import { SignalingError } from './errors'
import { RingingInvite } from './invite'
import { decodeMessage, encodeMessage, encodeParams, HEARTBEAT } from './messages'
import { placeDeviceCall } from './outgoing-call'
import { WebRtcParty } from './webrtc-party'

export interface GatewayContext {
  engine: CallEngine
  registry: DeviceRegistry
}

export class DeviceConnection implements SignalingChannel {
  grant: VoiceGrant | null = null
  isRegistered = false
  private readonly ringing = new Map<string, RingingInvite>()

  constructor(
    private readonly ws: WebSocket,
    private readonly gateway: GatewayContext,
  ) {
    ws.on('message', (data, isBinary) => {
      if (isBinary) return
      void this.receive(data.toString()).catch((error) => this.sendError(error))
    })
    ws.on('close', () => this.closed())
  }

  send(type: string, payload: Record<string, unknown>): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(encodeMessage(type, payload))
  }

  heartbeat(): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(HEARTBEAT)
  }

  /** Sends the device an `invite` for a leg ringing it (`<Dial><Client>`). */
  async ring(leg: CallSession, parameters: Record<string, string>): Promise<RingingInvite> {
    const { clock, mediaClock } = this.gateway.engine.context
    const party = new WebRtcParty({ clock, mediaClock })
    const invite = new RingingInvite(leg.sid, party, this)
    this.ringing.set(leg.sid, invite)
    void invite.outcome.then(() => this.ringing.delete(leg.sid))
    const sdp = await party.offer()
    // call.parameters as the SDK reads them (device.js _onSignalingInvite); Params become call.customParameters.
    const callParameters: Record<string, string> = { CallSid: leg.sid, AccountSid: leg.record.accountSid, From: leg.record.from, To: leg.record.to, ApiVersion: '2010-04-01' }
    if (Object.keys(parameters).length > 0) callParameters.Params = encodeParams(parameters)
    if (invite.isPending) this.send('invite', { callsid: leg.sid, sdp, parameters: callParameters })
    return invite
  }

  /** The answering device's call: per-call messages now go to it. */
  adopt(invite: RingingInvite): DeviceCall {
    const call = new DeviceCall(invite.callSid, invite.party, this)
    invite.party.onDisconnect = () => call.hungUpByNetwork()
    this.gateway.registry.track(call)
    this.send('answer', { callsid: call.callSid, reconnect: call.reconnectToken })
    return call
  }

  private async receive(text: string): Promise<void> {
    // The device's heartbeat is its echo of ours (wstransport.js answers every "\n" with one), so
    // it only shows the connection is alive: echoing it back would bounce heartbeats forever.
    if (text === HEARTBEAT) return
    const message = decodeMessage(text)
    if (!message) return
    const { type, payload } = message
    if (type === 'listen') return this.listen(payload.token)
    if (!this.grant) throw new SignalingError(31204, 'Invalid JWT token: listen first')
    if (type === 'register') return this.register(payload)
    if (type === 'invite') return this.invite(payload)
    const invite = typeof payload.callsid === 'string' ? this.ringing.get(payload.callsid) : undefined
    if (invite) {
      if (type === 'answer' && typeof payload.sdp === 'string') return invite.answered(payload.sdp)
      if (type === 'reject' || type === 'hangup') return invite.rejected()
      return
    }
    await this.gateway.registry.call(payload.callsid)?.handle(type, payload)
  }

  private listen(token: unknown): void {
    const { engine } = this.gateway
    this.grant = verifyAccessToken(token, engine.context.store, engine.context.clock.now())
    const ttl = Math.max(0, Math.floor((this.grant.expiresAtMs - engine.context.clock.now()) / 1000))
    this.send('connected', { region: 'gll', edge: 'roaming', home: 'sandbox', token: { identity: this.grant.identity, ttl } })
  }

  private register(payload: Record<string, unknown>): void {
    const media = payload.media as { audio?: unknown } | undefined
    const wanted = media?.audio === true
    if (wanted && !this.grant?.incomingAllowed) throw new SignalingError(31201, 'Authorization error: the token does not allow incoming calls')
    this.isRegistered = wanted
    this.send(wanted ? 'ready' : 'offline', {})
  }

  private async invite(payload: Record<string, unknown>): Promise<void> {
    const resumed = typeof payload.reconnect === 'string' ? this.gateway.registry.call(payload.reconnect) : undefined
    if (resumed) {
      // A signaling reconnect (pstream.js reconnect): the call carries on over this connection.
      resumed.channel = this
      this.send('answer', { callsid: resumed.callSid, sdp: resumed.party.localSdp(), reconnect: resumed.reconnectToken })
      return
    }
    await placeDeviceCall(this.gateway, this, this.grant!, payload)
  }

  private sendError(error: unknown): void {
    const { code, message } = error instanceof SignalingError ? error : { code: 31000, message: (error as Error).message }
    this.send('error', { error: { code, message } })
  }

  private closed(): void {
    this.isRegistered = false
    for (const invite of this.ringing.values()) invite.gone()
    this.gateway.registry.remove(this)
  }
}
