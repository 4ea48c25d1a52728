import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoBehavior, loadClip, type UserTurn } from '../sandbox/realtime/index'
import { mulawDecode } from './audio/index'
import { callSession, startHarness, streamToken, TEST_API_KEY, TEST_STREAM_SECRET, waitUntil, type Harness } from './testing/harness'
import { DEFAULT_FRAMES_PER_APPEND } from './caller-audio'
import { DEFAULT_CHUNK_MS } from './playback'
import { callerQuestion } from './testing/caller-speech'
import { TwilioPeer } from './testing/twilio-peer'
import { FRAME_BYTES, FRAME_MS } from './twilio-stream'

let harness: Harness

beforeAll(async () => {
  harness = await startHarness()
})
afterAll(async () => {
  await harness.close()
  // No line of any test may carry a secret: the stream secret, the API key or a stream token.
  const all = harness.logLines.join('\n')
  expect(all).not.toContain(TEST_STREAM_SECRET)
  expect(all).not.toContain(TEST_API_KEY)
  for (const token of tokensUsed) expect(all).not.toContain(token)
})

const tokensUsed: string[] = []

async function call(overrides: Parameters<typeof callSession>[0] = {}, callerFrame?: (index: number) => Uint8Array) {
  const session = callSession(overrides)
  const token = streamToken(session)
  tokensUsed.push(token)
  const sessionsBefore = harness.standIn.sessions().length
  const peer = await TwilioPeer.connect({ url: harness.server.streamUrl, callSid: session.callSid, customParameters: { token }, callerFrame })
  await waitUntil(() => harness.standIn.sessions().length > sessionsBefore, 5000, 'the Realtime session')
  const realtime = harness.standIn.sessions()[sessionsBefore]
  return { session, peer, realtime }
}

type Log = ReturnType<Harness['standIn']['sessions']>[number]
const clientEvents = (log: Log, type: string) => log.events.filter((event) => event.direction === 'client' && event.type === type)
const serverEvents = (log: Log, type: string) => log.events.filter((event) => event.direction === 'server' && event.type === type)
const deltaBytes = (log: Log) => serverEvents(log, 'response.output_audio.delta').reduce((sum, event) => sum + Number(event.event.delta_bytes), 0)

describe('a call', () => {
  it('configures the session from the token and speaks the greeting first, in chunks each followed by a mark', async () => {
    const { session, peer, realtime } = await call()
    await waitUntil(() => serverEvents(realtime, 'response.done').length > 0, 10_000, 'the greeting response')
    const greetingBytes = deltaBytes(realtime)
    await waitUntil(() => peer.playedBytes >= greetingBytes && peer.marksEchoed.length === peer.received.length, 10_000, 'the greeting to play')

    const update = clientEvents(realtime, 'session.update')[0].event.session as Record<string, any>
    expect(update).toMatchObject({
      type: 'realtime',
      instructions: session.instructions,
      audio: { input: { format: { type: 'audio/pcmu' }, turn_detection: { type: 'server_vad' } }, output: { format: { type: 'audio/pcmu' }, voice: session.voice } },
    })
    const create = clientEvents(realtime, 'response.create')[0].event.response as { instructions: string }
    expect(create.instructions).toContain(`"${session.greeting}"`)
    // The greeting is the first thing the caller hears, byte for byte what the model produced.
    expect(peer.received.reduce((sum, media) => sum + media.bytes.length, 0)).toBe(greetingBytes)
    // In chunks of at most the mark interval, one mark after each, all echoed once played.
    // (The pacing itself is tested on a manual clock in playback.test.ts; how it holds under
    // load is measured by bench/capacity.ts.)
    for (const media of peer.received) expect(media.bytes.length).toBeLessThanOrEqual(DEFAULT_CHUNK_MS * 8)
    expect(peer.marksEchoed.length).toBe(peer.received.length)
    expect(serverEvents(realtime, 'error')).toEqual([])
    peer.stop()
    await peer.closed
  })

  it('barge-in: clears Twilio within one frame of speech_started, cancels, and truncates to what was played', async () => {
    let peerRef: TwilioPeer | undefined
    let speakFrom: number | undefined
    const question = callerQuestion(0)
    // The caller starts talking half a second into the greeting.
    const callerFrame = (index: number) => {
      if (speakFrom === undefined && (peerRef?.playedBytes ?? 0) >= 500 * 8) speakFrom = index
      return question(speakFrom === undefined ? -1 : index - speakFrom)
    }
    const { peer, realtime } = await call({}, callerFrame)
    peerRef = peer
    await waitUntil(() => peer.clears.length > 0, 10_000, 'clear')
    await waitUntil(() => clientEvents(realtime, 'conversation.item.truncate').length > 0, 2000, 'truncate')

    // One clear for one barge-in (how soon it comes is a timing claim, left to the bench).
    expect(serverEvents(realtime, 'input_audio_buffer.speech_started')).toHaveLength(1)
    expect(peer.clears).toHaveLength(1)
    const clear = peer.clears[0]

    const greetingResponse = serverEvents(realtime, 'response.created')[0].event.response as { id: string }
    const greetingItem = serverEvents(realtime, 'response.output_item.added')[0].event.item as { id: string }
    expect(clientEvents(realtime, 'response.cancel').map((event) => event.event.response_id)).toEqual([greetingResponse.id])
    const truncate = clientEvents(realtime, 'conversation.item.truncate')[0].event
    expect(truncate).toMatchObject({ item_id: greetingItem.id, content_index: 0 })
    // audio_end_ms is what the caller heard as marks confirm it: never more, and less by at
    // most one mark interval (a chunk), plus the frame Twilio played while the clear was on
    // its way.
    const heardMs = clear.playedBytes / 8
    expect(truncate.audio_end_ms as number).toBeLessThanOrEqual(heardMs)
    expect(truncate.audio_end_ms as number).toBeGreaterThanOrEqual(heardMs - DEFAULT_CHUNK_MS - FRAME_MS)
    expect(heardMs).toBeGreaterThan(400)

    // The line stays silent: nothing of the cancelled greeting arrives after the clear.
    await new Promise((resolve) => setTimeout(resolve, 600))
    expect(peer.received.filter((media) => media.atMs > clear.atMs)).toEqual([])
    const done = serverEvents(realtime, 'response.done').map((event) => (event.event.response as { status: string }).status)
    expect(done[0]).toBe('cancelled')
    expect(serverEvents(realtime, 'error')).toEqual([])
    peer.stop()
    await peer.closed
  })

  it('pcmu: forwards the caller audio untouched, byte for byte as Twilio sent it', async () => {
    const turns: UserTurn[] = []
    harness.standIn.setBehavior({ ...demoBehavior, onUserTurn: (_ctx, turn) => void turns.push(turn) })
    const sent: Uint8Array[] = []
    const question = callerQuestion(10)
    const { peer, realtime } = await call({ greeting: '' }, (index) => {
      sent[index] = question(index)
      return sent[index]
    })
    await waitUntil(() => turns.length > 0, 15_000, 'a committed caller turn')
    peer.stop()
    await peer.closed

    // Three frames to an append (caller-audio.ts), the last one possibly cut short by the hang-up.
    const appends = clientEvents(realtime, 'input_audio_buffer.append')
    expect(appends.slice(0, -1).every((event) => event.event.audio_bytes === DEFAULT_FRAMES_PER_APPEND * FRAME_BYTES)).toBe(true)
    // The turn holds every frame forwarded since the session was ready; frames that arrived
    // while it was connecting were dropped, so it matches a suffix of what the caller sent.
    const turn = turns[0]
    expect(turn.audio.sampleRate).toBe(8000)
    const firstForwarded = sent.findIndex((_frame, index) => {
      const expected = mulawDecode(Buffer.concat(sent.slice(index)).subarray(0, turn.audio.samples.length))
      return expected.length === turn.audio.samples.length && expected.every((sample, i) => sample === turn.audio.samples[i])
    })
    expect(firstForwarded).toBeGreaterThanOrEqual(0)
    expect(firstForwarded).toBeLessThan(10) // only the frames before session.updated
    harness.standIn.setBehavior(demoBehavior)
  })

  it('pcm16: converts both ways when the token asks for it', async () => {
    const turns: UserTurn[] = []
    harness.standIn.setBehavior({ ...demoBehavior, onUserTurn: (_ctx, turn) => void turns.push(turn) })
    const { peer, realtime } = await call({ audioFormat: 'pcm16' }, callerQuestion(250))
    await waitUntil(() => serverEvents(realtime, 'response.done').length > 0, 10_000, 'the greeting response')
    const greetingBytes = deltaBytes(realtime)
    // 24 kHz 16-bit in, 8 kHz μ-law out: six bytes become one.
    await waitUntil(() => peer.playedBytes >= greetingBytes / 6, 10_000, 'the greeting to play')
    await waitUntil(() => turns.length > 0, 15_000, 'a committed caller turn')
    peer.stop()
    await peer.closed

    const update = clientEvents(realtime, 'session.update')[0].event.session as Record<string, any>
    expect(update.audio.input.format).toEqual({ type: 'audio/pcm', rate: 24000 })
    expect(update.audio.output.format).toEqual({ type: 'audio/pcm', rate: 24000 })
    expect(peer.received.slice(0, -1).every((media) => media.bytes.length <= DEFAULT_CHUNK_MS * 8)).toBe(true)
    // The greeting is speech, not silence or noise from a mangled conversion: compare loudness
    // with the stand-in's own clip.
    const heard = mulawDecode(Buffer.concat(peer.played))
    const clip = loadClip('greeting').samples
    expect(rms(heard) / rms(clip)).toBeGreaterThan(0.8)
    expect(rms(heard) / rms(clip)).toBeLessThan(1.25)
    expect(turns[0].audio.sampleRate).toBe(24000)
    expect(clientEvents(realtime, 'input_audio_buffer.append').every((event) => event.event.audio_bytes === DEFAULT_FRAMES_PER_APPEND * 960)).toBe(true)
    expect(serverEvents(realtime, 'error')).toEqual([])
    harness.standIn.setBehavior(demoBehavior)
  })
})

function rms(samples: Int16Array): number {
  let sum = 0
  for (const sample of samples) sum += sample * sample
  return Math.sqrt(sum / samples.length)
}
