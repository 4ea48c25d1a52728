/**
 * A cough does not stop the receptionist; the caller speaking does. Through the stand-in's server
 * VAD, which reports both as `speech_started`.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { mulawEncode } from './audio/index'
import { callerQuestion } from './testing/caller-speech'
import { callSession, startHarness, streamToken, waitUntil, type Harness } from './testing/harness'
import { TwilioPeer } from './testing/twilio-peer'
import { FRAME_BYTES, MULAW_SILENCE } from './twilio-stream'

let harness: Harness | undefined
afterEach(async () => {
  await harness?.close()
  harness = undefined
})

/** 140 ms of loud noise (a cough) `atFrame` frames into the call, silence otherwise. */
function cough(atFrame: number): (index: number) => Uint8Array {
  let seed = 7
  const noise = new Int16Array(FRAME_BYTES)
  return (index) => {
    if (index < atFrame || index >= atFrame + 7) return new Uint8Array(FRAME_BYTES).fill(MULAW_SILENCE)
    for (let sample = 0; sample < noise.length; sample++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff
      noise[sample] = ((seed % 20000) - 10000) * 0.8
    }
    return mulawEncode(noise)
  }
}

const serverEvents = (h: Harness, type: string) => (h.standIn.sessions()[0]?.events ?? []).filter((event) => event.direction === 'server' && event.type === type)
const clientEvents = (h: Harness, type: string) => (h.standIn.sessions()[0]?.events ?? []).filter((event) => event.direction === 'client' && event.type === type)

async function callWith(callerFrame: (index: number) => Uint8Array, standIn: { speedup?: number } = {}) {
  const h = (harness = await startHarness({ standIn }))
  const session = callSession()
  const peer = await TwilioPeer.connect({ url: h.server.streamUrl, callSid: session.callSid, customParameters: { token: streamToken(session) }, callerFrame })
  return { h, peer }
}

describe('barge-in', () => {
  it('lets a cough during the greeting go: server VAD heard it, but the greeting plays on to its end', async () => {
    const { h, peer } = await callWith(cough(50))
    await waitUntil(() => serverEvents(h, 'input_audio_buffer.speech_stopped').length > 0, 10_000, 'the VAD to hear the cough end')
    expect(serverEvents(h, 'input_audio_buffer.speech_started')).toHaveLength(1)
    await waitUntil(() => serverEvents(h, 'response.done').length > 0, 10_000, 'the greeting response')
    const greeting = serverEvents(h, 'response.done')[0]!.event as { response: { status: string } }
    expect(greeting.response.status).toBe('completed')
    expect(clientEvents(h, 'response.cancel')).toHaveLength(0)
    expect(clientEvents(h, 'conversation.item.truncate')).toHaveLength(0)
    expect(peer.clears).toHaveLength(0)
    peer.stop()
    await peer.closed
  })

  it('stops for the caller really speaking: Twilio cleared, the greeting cut to what was heard', async () => {
    const { h, peer } = await callWith(callerQuestion(50))
    await waitUntil(() => peer.clears.length === 1, 10_000, 'the barge-in')
    // (The stand-in had finished generating the greeting by then, so there was no response to cancel.)
    await waitUntil(() => clientEvents(h, 'conversation.item.truncate').length === 1, 2000, 'the truncation')
    const truncate = clientEvents(h, 'conversation.item.truncate')[0]!.event as { audio_end_ms: number }
    expect(truncate.audio_end_ms).toBeGreaterThan(0)
    peer.stop()
    await peer.closed
  })

  // The model still generating: the stand-in makes its audio in real time (speedup 1), so the
  // greeting's response is active 1 s in, when the cough or the caller comes.
  const responseActiveAt = (h: Harness, type: string) => {
    const created = serverEvents(h, 'response.created')[0]!
    const done = serverEvents(h, 'response.done')[0]
    const at = serverEvents(h, type)[0]!
    return at.atMs >= created.atMs && (!done || at.atMs < done.atMs)
  }

  it('lets a cough go while the response is still being generated: not cancelled, completed', async () => {
    const { h, peer } = await callWith(cough(50), { speedup: 1 })
    await waitUntil(() => serverEvents(h, 'input_audio_buffer.speech_stopped').length > 0, 10_000, 'the VAD to hear the cough end')
    expect(responseActiveAt(h, 'input_audio_buffer.speech_started')).toBe(true)
    await waitUntil(() => serverEvents(h, 'response.done').length > 0, 15_000, 'the greeting response')
    expect((serverEvents(h, 'response.done')[0]!.event as { response: { status: string } }).response.status).toBe('completed')
    expect(clientEvents(h, 'response.cancel')).toHaveLength(0)
    expect(peer.clears).toHaveLength(0)
    peer.stop()
    await peer.closed
  })

  it('cancels the response being generated when the caller really speaks: cancelled, Twilio cleared, truncated', async () => {
    const { h, peer } = await callWith(callerQuestion(50), { speedup: 1 })
    await waitUntil(() => clientEvents(h, 'response.cancel').length === 1, 10_000, 'the cancel')
    expect(responseActiveAt(h, 'input_audio_buffer.speech_started')).toBe(true)
    await waitUntil(() => serverEvents(h, 'response.done').length > 0, 5000, 'the greeting response to end')
    expect((serverEvents(h, 'response.done')[0]!.event as { response: { status: string } }).response.status).toBe('cancelled')
    expect(peer.clears).toHaveLength(1)
    await waitUntil(() => clientEvents(h, 'conversation.item.truncate').length === 1, 2000, 'the truncation')
    peer.stop()
    await peer.closed
  })
})
