import { describe, expect, it } from 'vitest'
import { singleAddressCandidates } from './peer'

const sdp = (candidates: string[]) => ['v=0', 'm=audio 9 UDP/TLS/RTP/SAVPF 0 101', ...candidates, 'a=end-of-candidates', 'a=ice-lite', ''].join('\r\n')
const loopback = 'a=candidate:1 1 udp 2116026367 127.0.0.1 35589 typ host generation 0 ufrag 449f'
const eth0 = 'a=candidate:2 1 udp 2116026367 192.0.2.2 52321 typ host generation 0 ufrag 449f'
const docker = 'a=candidate:3 1 udp 2116026367 172.17.0.1 40000 typ host generation 0 ufrag 449f'

describe('singleAddressCandidates', () => {
  it('publishes the first interface address only, so the browser and the ICE-lite peer settle on one pair', () => {
    expect(singleAddressCandidates(sdp([loopback, eth0, docker]))).toBe(sdp([eth0]))
  })
  it('keeps loopback on a machine with no other address, and leaves the rest of the SDP alone', () => {
    expect(singleAddressCandidates(sdp([loopback]))).toBe(sdp([loopback]))
    expect(singleAddressCandidates(sdp([]))).toBe(sdp([]))
  })
})
