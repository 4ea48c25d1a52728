import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { decodeAudio } from './audio-format'
import { demoBehavior, loadClip, startRealtimeStandIn, type RealtimeStandIn } from './index'
import { rmsDbfs } from './pcm'
import { connectClient, connectTelephoneSession } from './test-client'

let standIn: RealtimeStandIn

beforeAll(async () => {
  standIn = await startRealtimeStandIn({ port: 0, speechSource: 'builtin' })
})
afterEach(() => standIn.setBehavior(demoBehavior))
afterAll(() => standIn.close())

const telephoneSession = () => connectTelephoneSession(standIn)

describe('greeting', () => {
  it('streams the greeting as real μ-law speech, with a matching transcript and usage', async () => {
    const client = await telephoneSession()
    const greeting = loadClip('greeting')
    client.send({ type: 'response.create', response: { instructions: 'Greet the caller warmly.' } })
    const done = await client.waitFor('response.done')
    const responseId = done.response.id!

    const audio = client.audioOf(responseId)
    const audioMs = audio.length / 8 // μ-law at 8 kHz: 8 bytes per millisecond
    expect(audio.length).toBe(greeting.samples.length)
    expect(rmsDbfs(decodeAudio({ type: 'audio/pcmu' }, audio))).toBeGreaterThan(-30)
    expect(decodeAudio({ type: 'audio/pcmu' }, audio)).toEqual(greeting.samples)

    const transcript = client.all('response.output_audio_transcript.delta').filter((event) => event.response_id === responseId).map((event) => event.delta).join('')
    expect(transcript).toBe(greeting.transcript)
    expect((await client.waitFor('response.output_audio_transcript.done')).transcript).toBe(greeting.transcript)

    expect(done.response).toMatchObject({
      object: 'realtime.response',
      status: 'completed',
      status_details: null,
      output_modalities: ['audio'],
      audio: { output: { format: { type: 'audio/pcmu' } } },
      output: [{ type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_audio', transcript: greeting.transcript }] }],
    })
    expect(done.response.usage?.output_token_details).toEqual({
      audio_tokens: Math.ceil(audioMs / 50),
      text_tokens: Math.ceil(greeting.transcript.length / 4),
    })
    expect(done.response.usage?.total_tokens).toBe(done.response.usage!.input_tokens! + done.response.usage!.output_tokens!)

    const ladder = client.events.map((event) => event.type).filter((type) => !type.endsWith('.delta'))
    expect(ladder.slice(ladder.indexOf('response.created'))).toEqual([
      'response.created',
      'rate_limits.updated',
      'response.output_item.added',
      'conversation.item.added',
      'response.content_part.added',
      'response.output_audio.done',
      'response.output_audio_transcript.done',
      'response.content_part.done',
      'response.output_item.done',
      'conversation.item.done',
      'response.done',
    ])
    await client.close()
  })

  it('speaks 24 kHz PCM16 in the default format, the same duration as the clip', async () => {
    const client = connectClient(standIn)
    await client.waitFor('session.created')
    client.send({ type: 'response.create' })
    const done = await client.waitFor('response.done')
    const audio = client.audioOf(done.response.id!)
    const greeting = loadClip('greeting')
    expect(audio.length).toBe(greeting.samples.length * 3 * 2)
    expect(rmsDbfs(decodeAudio({ type: 'audio/pcm', rate: 24000 }, audio))).toBeGreaterThan(-30)
    await client.close()
  })
})

describe('text output', () => {
  it("answers in text only when the session's output_modalities is ['text']", async () => {
    const client = connectClient(standIn)
    await client.waitFor('session.created')
    client.send({ type: 'session.update', session: { type: 'realtime', output_modalities: ['text'] } })
    await client.waitFor('session.updated')
    client.send({ type: 'response.create' })
    const done = await client.waitFor('response.done')
    const greeting = loadClip('greeting').transcript
    expect(client.all('response.output_text.delta').map((event) => event.delta).join('')).toBe(greeting)
    expect(client.all('response.output_audio.delta')).toEqual([])
    expect(done.response).toMatchObject({ output_modalities: ['text'], output: [{ content: [{ type: 'output_text', text: greeting }] }] })
    expect(done.response.usage?.output_token_details).toEqual({ text_tokens: Math.ceil(greeting.length / 4), audio_tokens: 0 })
    await client.close()
  })
})

describe('cancel and truncate', () => {
  it('response.cancel stops the audio and ends the response cancelled; a second cancel finds nothing to cancel', async () => {
    const client = await telephoneSession()
    client.send({ type: 'response.create' })
    const firstDelta = await client.waitFor('response.output_audio.delta')
    client.send({ type: 'response.cancel' })
    const done = await client.waitFor('response.done')
    expect(done.response.status).toBe('cancelled')
    expect(done.response.status_details).toEqual({ type: 'cancelled', reason: 'client_cancelled' })
    expect(done.response.output?.[0]).toMatchObject({ status: 'incomplete' })
    expect(client.audioOf(firstDelta.response_id).length).toBeLessThan(loadClip('greeting').samples.length)
    const doneIndex = client.events.indexOf(done)
    expect(client.events.slice(doneIndex + 1).filter((event) => event.type.startsWith('response.'))).toEqual([])

    client.send({ type: 'response.cancel', event_id: 'evt_again' })
    const error = await client.waitFor('error')
    expect(error.error).toMatchObject({ code: 'response_cancel_not_active', message: 'Cancellation failed: no active response found', event_id: 'evt_again' })
    await client.close()
  })

  it('truncates played assistant audio, rejects impossible truncations, and bills only the kept audio afterwards', async () => {
    const client = await telephoneSession()
    client.send({ type: 'response.create' })
    const greetingDone = await client.waitFor('response.done')
    const itemId = greetingDone.response.output![0].id!
    const audioMs = client.audioOf(greetingDone.response.id!).length / 8

    client.send({ type: 'conversation.item.truncate', item_id: itemId, content_index: 0, audio_end_ms: Math.round(audioMs) + 500, event_id: 'evt_long' })
    const tooLong = await client.waitFor('error', (event) => event.error.event_id === 'evt_long')
    expect(tooLong.error.message).toBe(`Audio content of ${Math.round(audioMs)}ms is already shorter than ${Math.round(audioMs) + 500}ms`)

    client.send({ type: 'conversation.item.truncate', item_id: 'item_missing', content_index: 0, audio_end_ms: 100, event_id: 'evt_missing' })
    expect((await client.waitFor('error', (event) => event.error.event_id === 'evt_missing')).error).toMatchObject({ code: 'item_truncate_invalid_item_id', param: 'item_id' })

    client.send({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Hi there' }] } })
    const userItem = await client.waitFor('conversation.item.done', (event) => event.item.type === 'message' && 'role' in event.item && event.item.role === 'user')
    client.send({ type: 'conversation.item.truncate', item_id: userItem.item.id!, content_index: 0, audio_end_ms: 0, event_id: 'evt_user' })
    expect((await client.waitFor('error', (event) => event.error.event_id === 'evt_user')).error).toMatchObject({ code: null, message: 'Only model output audio messages can be truncated' })

    client.send({ type: 'conversation.item.truncate', item_id: itemId, content_index: 0, audio_end_ms: 1500 })
    const truncated = await client.waitFor('conversation.item.truncated')
    expect(truncated).toMatchObject({ item_id: itemId, content_index: 0, audio_end_ms: 1500 })

    client.send({ type: 'response.create' })
    const next = await client.waitFor('response.done', (event) => event.response.id !== greetingDone.response.id)
    expect(next.response.usage?.input_token_details?.audio_tokens).toBe(1500 / 50)
    await client.close()
  })
})

describe('function calls', () => {
  it('streams a function_call item, accepts its output and answers with speech', async () => {
    standIn.setBehavior({
      onResponse(ctx, request) {
        if (request.conversation.at(-1)?.type === 'function_call_output') ctx.say({ clip: 'reply-noted' })
        else ctx.callFunction('book_appointment', { day: 'Tuesday', time: '10:00', note: 'first visit, prefers mornings' })
      },
    })
    const client = await telephoneSession()
    client.send({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Book me for Tuesday at ten.' }] } })
    client.send({ type: 'response.create' })
    const callDone = await client.waitFor('response.done')
    const call = callDone.response.output![0]
    expect(call).toMatchObject({ type: 'function_call', status: 'completed', name: 'book_appointment' })
    if (call.type !== 'function_call') throw new Error('expected a function call')
    expect(JSON.parse(call.arguments)).toEqual({ day: 'Tuesday', time: '10:00', note: 'first visit, prefers mornings' })
    const deltas = client.all('response.function_call_arguments.delta')
    expect(deltas.length).toBeGreaterThan(1)
    expect(deltas.map((event) => event.delta).join('')).toBe(call.arguments)
    expect(await client.waitFor('response.function_call_arguments.done')).toMatchObject({ call_id: call.call_id, name: 'book_appointment', arguments: call.arguments })

    client.send({ type: 'conversation.item.create', event_id: 'evt_wrong', item: { type: 'function_call_output', call_id: 'call_unknown', output: '{}' } })
    expect((await client.waitFor('error', (event) => event.error.event_id === 'evt_wrong')).error).toMatchObject({ code: 'invalid_value', param: 'item.call_id' })

    client.send({ type: 'conversation.item.create', item: { type: 'function_call_output', call_id: call.call_id!, output: '{"booked":true}' } })
    await client.waitFor('conversation.item.done', (event) => event.item.type === 'function_call_output')
    client.send({ type: 'response.create' })
    const answer = await client.waitFor('response.done', (event) => event.response.id !== callDone.response.id)
    expect(answer.response.output![0]).toMatchObject({ type: 'message', content: [{ type: 'output_audio', transcript: loadClip('reply-noted').transcript }] })
    await client.close()
  })
})

describe('scripted failures', () => {
  it('rejects a second response.create while one is active', async () => {
    const client = await telephoneSession()
    client.send({ type: 'response.create' })
    const created = await client.waitFor('response.created')
    client.send({ type: 'response.create' })
    const error = await client.waitFor('error')
    expect(error.error).toMatchObject({ code: 'conversation_already_has_active_response' })
    expect(error.error.message).toContain(created.response.id!)
    await client.close()
  })

  it('lets a behavior fail a response with a server_error and close the socket', async () => {
    standIn.setBehavior({
      onResponse(ctx, request) {
        if (request.responseIndex === 0) ctx.fail('upstream_timeout', 'The model timed out.')
        else ctx.closeSocket(1011, 'scripted failure')
      },
    })
    const client = await telephoneSession()
    client.send({ type: 'response.create' })
    const failed = await client.waitFor('response.done')
    expect(failed.response).toMatchObject({ status: 'failed', status_details: { type: 'failed', error: { type: 'server_error', code: 'upstream_timeout' } } })
    expect((await client.waitFor('error')).error).toMatchObject({ type: 'server_error', code: 'upstream_timeout', message: 'The model timed out.' })
    client.send({ type: 'response.create' })
    expect(await client.closed).toEqual({ code: 1011 })
  })
})
