import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { encodeAudio } from './audio-format'
import { demoBehavior, loadClip, startRealtimeStandIn, type RealtimeStandIn, type UserTurn } from './index'
import { concatSamples } from './pcm'
import { connectTelephoneSession, type TestClient } from './test-client'

let standIn: RealtimeStandIn

beforeAll(async () => {
  standIn = await startRealtimeStandIn({ port: 0, speechSource: 'builtin' })
})
afterEach(() => standIn.setBehavior(demoBehavior))
afterAll(() => standIn.close())

const LEADING_SILENCE_MS = 600
const TRAILING_SILENCE_MS = 1200

/** The caller clip between stretches of line silence, as 8 kHz μ-law. */
function callerUtterance(): { audio: Buffer; speechMs: number } {
  const clip = loadClip('caller-question')
  const samples = new Int16Array((8 * (LEADING_SILENCE_MS + TRAILING_SILENCE_MS)) + clip.samples.length)
  samples.set(clip.samples, 8 * LEADING_SILENCE_MS)
  return { audio: encodeAudio({ type: 'audio/pcmu' }, { samples, sampleRate: 8000 }), speechMs: clip.samples.length / 8 }
}

/** Appends audio in 20 ms frames — the size of a Twilio media message — as fast as the socket takes them. */
function sendAudio(client: TestClient, audio: Buffer): void {
  for (let offset = 0; offset < audio.length; offset += 160) {
    client.send({ type: 'input_audio_buffer.append', audio: audio.subarray(offset, offset + 160).toString('base64') })
  }
}

const telephoneSession = () => connectTelephoneSession(standIn)

describe('server VAD', () => {
  it('turns speech followed by silence into speech_started, speech_stopped, a committed user item and a spoken reply', async () => {
    const turns: UserTurn[] = []
    standIn.setBehavior({ ...demoBehavior, onUserTurn: (_ctx, turn) => void turns.push(turn) })
    const client = await telephoneSession()
    const { audio, speechMs } = callerUtterance()
    sendAudio(client, audio)

    const started = await client.waitFor('input_audio_buffer.speech_started')
    const stopped = await client.waitFor('input_audio_buffer.speech_stopped')
    const committed = await client.waitFor('input_audio_buffer.committed')
    // Speech begins inside the clip; audio_start_ms reaches back by prefix_padding_ms (300).
    expect(started.audio_start_ms).toBeGreaterThanOrEqual(LEADING_SILENCE_MS - 300)
    expect(started.audio_start_ms).toBeLessThan(LEADING_SILENCE_MS)
    // It ends silence_duration_ms (500) after the last loud frame of the clip.
    expect(stopped.audio_end_ms).toBeGreaterThan(LEADING_SILENCE_MS + speechMs - 500)
    expect(stopped.audio_end_ms).toBeLessThanOrEqual(LEADING_SILENCE_MS + speechMs + 500)
    expect(stopped.item_id).toBe(started.item_id)
    expect(committed).toMatchObject({ item_id: started.item_id, previous_item_id: null })

    const userItem = await client.waitFor('conversation.item.added', (event) => event.item.id === started.item_id)
    expect(userItem.item).toMatchObject({ type: 'message', role: 'user', status: 'completed', content: [{ type: 'input_audio' }] })
    const reply = await client.waitFor('response.done')
    expect(reply.response.output![0]).toMatchObject({ content: [{ type: 'output_audio', transcript: loadClip('reply-help').transcript }] })
    expect(reply.response.usage?.input_token_details?.audio_tokens).toBe(Math.ceil((stopped.audio_end_ms - started.audio_start_ms) / 100))
    expect(turns).toMatchObject([{ itemId: started.item_id, audioStartMs: started.audio_start_ms, audioEndMs: stopped.audio_end_ms, audio: { sampleRate: 8000 } }])

    const order = ['input_audio_buffer.speech_started', 'input_audio_buffer.speech_stopped', 'input_audio_buffer.committed', 'conversation.item.added', 'response.created']
    const indexes = order.map((type) => client.events.findIndex((event) => event.type === type))
    expect(indexes).toEqual([...indexes].sort((a, b) => a - b))
    await client.close()
  })

  it('cancels the response being streamed when the caller barges in (reason turn_detected), then answers the new turn', async () => {
    const client = await telephoneSession()
    client.send({ type: 'response.create' })
    const firstDelta = await client.waitFor('response.output_audio.delta')
    sendAudio(client, callerUtterance().audio.subarray(8 * LEADING_SILENCE_MS))

    const interrupted = await client.waitFor('response.done', (event) => event.response.id === firstDelta.response_id)
    expect(interrupted.response.status).toBe('cancelled')
    expect(interrupted.response.status_details).toEqual({ type: 'cancelled', reason: 'turn_detected' })
    const speechStarted = client.events.findIndex((event) => event.type === 'input_audio_buffer.speech_started')
    expect(speechStarted).toBeLessThan(client.events.indexOf(interrupted))
    expect(client.audioOf(firstDelta.response_id).length).toBeLessThan(loadClip('greeting').samples.length)

    const answer = await client.waitFor('response.done', (event) => event.response.id !== firstDelta.response_id)
    expect(answer.response.status).toBe('completed')
    await client.close()
  })

  it('leaves responses to the client when create_response is off, and commits on demand', async () => {
    const client = await telephoneSession()
    client.send({ type: 'session.update', session: { type: 'realtime', audio: { input: { turn_detection: { type: 'server_vad', create_response: false } } } } })
    await client.waitFor('session.updated', (event) => (event.session as { audio: { input: { turn_detection: { create_response: boolean } } } }).audio.input.turn_detection.create_response === false)
    client.send({ type: 'input_audio_buffer.commit', event_id: 'evt_empty' })
    const empty = await client.waitFor('error', (event) => event.error.event_id === 'evt_empty')
    expect(empty.error).toMatchObject({ code: 'input_audio_buffer_commit_empty' })

    sendAudio(client, callerUtterance().audio)
    await client.waitFor('input_audio_buffer.committed')
    client.send({ type: 'input_audio_buffer.append', audio: Buffer.alloc(1600, 0xff).toString('base64') })
    client.send({ type: 'input_audio_buffer.commit' })
    await client.waitFor('input_audio_buffer.committed', (event) => event.previous_item_id !== null)
    expect(client.all('response.created')).toEqual([])
    await client.close()
  })

  it('transcribes a caller playing a shipped clip when input transcription is on, and gives noise an empty transcript', async () => {
    const client = await telephoneSession()
    client.send({ type: 'session.update', session: { type: 'realtime', audio: { input: { transcription: { model: 'gpt-4o-transcribe' } } } } })
    await client.waitFor('session.updated', (event) => JSON.stringify(event.session).includes('gpt-4o-transcribe'))
    sendAudio(client, callerUtterance().audio)
    const first = await client.waitFor('conversation.item.input_audio_transcription.completed')
    expect(first.transcript).toBe(loadClip('caller-question').transcript)
    expect(first.usage).toMatchObject({ type: 'tokens', input_token_details: { text_tokens: 0 } })
    const committed = client.all('input_audio_buffer.committed')
    expect(first.item_id).toBe(committed[0].item_id)

    // A buzz is not speech the stand-in knows; real ASR returns an empty transcript for noise.
    const buzz = new Int16Array(8 * 1500).map((_, i) => (i % 40 < 20 ? 6000 : -6000))
    sendAudio(client, encodeAudio({ type: 'audio/pcmu' }, { samples: concatSamples([buzz, new Int16Array(8 * 800)]), sampleRate: 8000 }))
    const second = await client.waitFor('conversation.item.input_audio_transcription.completed', (event) => event.item_id !== first.item_id)
    expect(second.transcript).toBe('')
    await client.close()
  })

  it('detects no turn when turn detection is off', async () => {
    const client = await telephoneSession()
    client.send({ type: 'session.update', session: { type: 'realtime', audio: { input: { turn_detection: null } } } })
    await client.waitFor('session.updated', (event) => (event.session as { audio: { input: { turn_detection: unknown } } }).audio.input.turn_detection === null)
    sendAudio(client, callerUtterance().audio)
    client.send({ type: 'input_audio_buffer.clear' })
    await client.waitFor('input_audio_buffer.cleared')
    expect(client.events.filter((event) => event.type.startsWith('input_audio_buffer.speech'))).toEqual([])
    await client.close()
  })
})
