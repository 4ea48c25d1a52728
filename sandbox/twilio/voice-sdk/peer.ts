/**
 * The sandbox's WebRTC endpoint: a werift peer connection offering or answering PCMU audio only
 * (werift has no Opus), plus RFC 4733 telephone-events so a browser's RTCDTMFSender works. It is
 * an ICE-lite agent publishing host candidates: the Voice SDK sends its SDP before ICE
 * gathering finishes (no candidates in it), so the browser's connectivity checks reach us and we
 * learn its address as a peer-reflexive candidate.
 *
 * Only one address's candidates are published: the machine's first interface address (the one a
 * browser on this machine also offers as its host candidate), or loopback when there is none. With
 * werift's loopback and interface candidates both published, Chromium never checks loopback from its
 * interface candidate, while werift — an ICE-lite agent keeping the first pair nominated — bound the
 * call to its loopback socket; its DTLS went out from an address Chromium did not listen to, so the
 * handshake never started (Chromium resent ClientHello, DTLS stayed "connecting"). Seen with Debian
 * Chromium 150 and werift 0.25.
 */
import { RTCPeerConnection, RTCRtpCodecParameters, type RTCRtpTransceiver } from 'werift'

/** Static payload type 0 (RFC 3551). */
export const PCMU_PAYLOAD_TYPE = 0
export const TELEPHONE_EVENT_PAYLOAD_TYPE = 101

export interface SandboxPeer {
  pc: RTCPeerConnection
  audio: RTCRtpTransceiver
}

export function createPeer(): SandboxPeer {
  const pc = new RTCPeerConnection({
    codecs: {
      audio: [
        new RTCRtpCodecParameters({ mimeType: 'audio/PCMU', clockRate: 8000, channels: 1, payloadType: PCMU_PAYLOAD_TYPE }),
        new RTCRtpCodecParameters({ mimeType: 'audio/telephone-event', clockRate: 8000, channels: 1, payloadType: TELEPHONE_EVENT_PAYLOAD_TYPE }),
      ],
    },
    iceLite: true,
    iceServers: [],
    iceUseIpv6: false,
    iceAdditionalHostAddresses: ['127.0.0.1'],
  })
  const audio = pc.addTransceiver('audio', { direction: 'sendrecv' })
  return { pc, audio }
}

/** Our complete local description, once the (local-only, so quick) candidate gathering is done. */
export async function completeLocalDescription(pc: RTCPeerConnection): Promise<string> {
  if (pc.iceGatheringState !== 'complete') {
    await new Promise<void>((resolve) => {
      const { unSubscribe } = pc.iceGatheringStateChange.subscribe((state) => {
        if (state !== 'complete') return
        unSubscribe()
        resolve()
      })
      if (pc.iceGatheringState === 'complete') resolve()
    })
  }
  const sdp = pc.localDescription?.sdp
  if (!sdp) throw new Error('no local description')
  return singleAddressCandidates(sdp)
}

const LOOPBACK = '127.0.0.1'
const candidateAddress = (line: string) => line.split(' ')[4]

/** The SDP with only one address's ICE candidates (see the top of this file). */
export function singleAddressCandidates(sdp: string): string {
  const lines = sdp.split('\r\n')
  const addresses = lines.filter((line) => line.startsWith('a=candidate:')).map(candidateAddress)
  const kept = addresses.find((address) => address !== LOOPBACK) ?? LOOPBACK
  return lines.filter((line) => !line.startsWith('a=candidate:') || candidateAddress(line) === kept).join('\r\n')
}

/** Offer side (the sandbox rings a device): our offer, ready to send in `invite`. */
export async function createOffer(peer: SandboxPeer): Promise<string> {
  await peer.pc.setLocalDescription(await peer.pc.createOffer())
  return completeLocalDescription(peer.pc)
}

/** Answer side (a device places a call): our answer to its offer. */
export async function answerOffer(peer: SandboxPeer, offerSdp: string): Promise<string> {
  await peer.pc.setRemoteDescription({ type: 'offer', sdp: offerSdp })
  await peer.pc.setLocalDescription(await peer.pc.createAnswer())
  return completeLocalDescription(peer.pc)
}
