/**
 * A call the device places (`device.connect({ params })` → `invite {callsid, sdp, twilio:{params}}`):
 * the engine requests the token's TwiML App with the params and runs its TwiML with the device
 * as the call's party. The device learns the CallSid from `ringing`, and our SDP from `answer`.
 * No outgoing grant, or an application that is not the account's: `hangup` with 31001.
 */
import { TwilioApiError } from '../errors'
import type { VoiceGrant } from './access-token'
import type { GatewayContext } from './connection'
import { DeviceCall, type SignalingChannel } from './device-call'
import { decodeParams } from './messages'
import { WebRtcParty } from './webrtc-party'

export async function placeDeviceCall(gateway: GatewayContext, channel: SignalingChannel, grant: VoiceGrant, payload: Record<string, unknown>): Promise<void> {
  const deviceCallId = typeof payload.callsid === 'string' ? payload.callsid : ''
  if (typeof payload.sdp !== 'string') return channel.send('hangup', { callsid: deviceCallId, error: { code: 31000, message: 'invite without an SDP offer' } })
  if (!grant.outgoingApplicationSid) return channel.send('hangup', { callsid: deviceCallId, error: { code: 31001, message: 'Application Not Found: the token has no outgoing grant' } })
  const { engine, registry } = gateway
  const twilio = (payload.twilio ?? {}) as { params?: unknown }
  const params = { ...grant.outgoingParams, ...decodeParams(twilio.params) }
  const party = new WebRtcParty({ clock: engine.context.clock, mediaClock: engine.context.mediaClock })
  const sdp = await engine.context.busy(party.answer(payload.sdp))
  let session
  try {
    session = engine.placeClientCall({ accountSid: grant.accountSid, identity: grant.identity, applicationSid: grant.outgoingApplicationSid, params, party })
  } catch (error) {
    party.stop()
    if (!(error instanceof TwilioApiError)) throw error
    return channel.send('hangup', { callsid: deviceCallId, error: { code: 31001, message: `Application Not Found: ${error.message}` } })
  }
  const placed = new DeviceCall(session.sid, party, channel, [deviceCallId])
  party.onDisconnect = () => placed.hungUpByNetwork()
  registry.track(placed)
  session.onEnd(() => registry.forget(placed))
  channel.send('ringing', { callsid: session.sid })
  channel.send('answer', { callsid: session.sid, sdp, reconnect: placed.reconnectToken })
}
