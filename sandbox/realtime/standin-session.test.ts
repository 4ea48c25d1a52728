import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoBehavior, startRealtimeStandIn, type RealtimeStandIn } from './index'
import { connectClient } from './test-client'

let standIn: RealtimeStandIn

beforeAll(async () => {
  standIn = await startRealtimeStandIn({ port: 0, apiKey: 'sk-sandbox-right', speechSource: 'builtin' })
})
afterAll(() => standIn.close())

describe('connection', () => {
  it('serves the URL the openai client builds from baseURL and trusts via the CA option', async () => {
    expect(standIn.baseURL).toBe(`https://127.0.0.1:${standIn.port}/v1`)
    const client = connectClient(standIn, { apiKey: 'sk-sandbox-right' })
    expect(client.rt.url.toString()).toBe(`wss://127.0.0.1:${standIn.port}/v1/realtime?model=gpt-realtime`)
    const created = await client.waitFor('session.created')
    expect(created.session).toMatchObject({
      type: 'realtime',
      model: 'gpt-realtime',
      output_modalities: ['audio'],
      audio: {
        input: { format: { type: 'audio/pcm', rate: 24000 }, turn_detection: { type: 'server_vad', threshold: 0.5, prefix_padding_ms: 300, silence_duration_ms: 500 } },
        output: { format: { type: 'audio/pcm', rate: 24000 } },
      },
    })
    const log = standIn.sessions().find((session) => session.sessionId === (created.session as unknown as { id: string }).id)
    expect(log?.headers.authorization).toBe('Bearer [redacted]')
    expect(log?.model).toBe('gpt-realtime')
    await client.close()
  })

  it('refuses the upgrade with 401 for a wrong key, as OpenAI does, and opens no session', async () => {
    const before = standIn.sessions().length
    const client = connectClient(standIn, { apiKey: 'sk-wrong' })
    const failure = await new Promise<Error>((resolve) => client.rt.on('error', resolve))
    expect(failure.message).toContain('401')
    await client.closed
    expect(standIn.sessions().length).toBe(before)
  })

  it('dropAll() cuts every connection without a close frame', async () => {
    const first = connectClient(standIn, { apiKey: 'sk-sandbox-right' })
    const second = connectClient(standIn, { apiKey: 'sk-sandbox-right' })
    await Promise.all([first.waitFor('session.created'), second.waitFor('session.created')])
    standIn.dropAll()
    expect(await first.closed).toEqual({ code: 1006 })
    expect(await second.closed).toEqual({ code: 1006 })
  })
})

describe('session.update', () => {
  it('answers with the full effective session, switching both directions to G.711 μ-law', async () => {
    const client = connectClient(standIn, { apiKey: 'sk-sandbox-right' })
    await client.waitFor('session.created')
    client.send({
      type: 'session.update',
      session: {
        type: 'realtime',
        instructions: 'You are the receptionist.',
        audio: {
          input: { format: { type: 'audio/pcmu' }, turn_detection: { type: 'server_vad', silence_duration_ms: 700 } },
          output: { format: { type: 'audio/pcmu' }, voice: 'marin' },
        },
      },
    })
    const updated = await client.waitFor('session.updated')
    expect(updated.session).toMatchObject({
      type: 'realtime',
      instructions: 'You are the receptionist.',
      tools: [],
      audio: {
        input: { format: { type: 'audio/pcmu' }, turn_detection: { type: 'server_vad', threshold: 0.5, prefix_padding_ms: 300, silence_duration_ms: 700 } },
        output: { format: { type: 'audio/pcmu' }, voice: 'marin' },
      },
    })
    await client.close()
  })

  it("rejects unknown fields and formats with OpenAI's error shape, echoing the client's event_id, and keeps the session", async () => {
    const client = connectClient(standIn, { apiKey: 'sk-sandbox-right' })
    await client.waitFor('session.created')
    // The beta protocol's field name: a GA server does not know it.
    client.send({ type: 'session.update', event_id: 'evt_beta', session: { type: 'realtime', input_audio_format: 'g711_ulaw' } as never })
    const unknown = await client.waitFor('error', (event) => event.error.event_id === 'evt_beta')
    expect(unknown.error).toEqual({
      type: 'invalid_request_error',
      code: 'unknown_parameter',
      message: "Unknown parameter: 'session.input_audio_format'.",
      param: 'session.input_audio_format',
      event_id: 'evt_beta',
    })
    expect(unknown.event_id).toMatch(/^event_/)
    client.send({ type: 'session.update', event_id: 'evt_opus', session: { type: 'realtime', audio: { output: { format: { type: 'audio/opus' } as never } } } })
    const badFormat = await client.waitFor('error', (event) => event.error.event_id === 'evt_opus')
    expect(badFormat.error).toMatchObject({ code: 'invalid_value', param: 'session.audio.output.format.type' })
    client.send({ type: 'session.update', event_id: 'evt_type', session: { audio: {} } as never })
    expect((await client.waitFor('error', (event) => event.error.event_id === 'evt_type')).error).toMatchObject({ code: 'missing_required_parameter', param: 'session.type' })
    expect(client.all('session.updated')).toHaveLength(0)
    client.send({ type: 'session.update', session: { type: 'realtime', audio: { output: { format: { type: 'audio/pcma' } } } } })
    expect((await client.waitFor('session.updated')).session).toMatchObject({ audio: { output: { format: { type: 'audio/pcma' } } } })
    await client.close()
  })

  it('answers an unknown client event type with an invalid_value error', async () => {
    const client = connectClient(standIn, { apiKey: 'sk-sandbox-right' })
    await client.waitFor('session.created')
    client.send({ type: 'response.pause' } as never)
    const error = await client.waitFor('error')
    expect(error.error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_value', param: 'type' })
    await client.close()
  })
})

describe('session log', () => {
  it('records client and server events per connection, with audio payloads reduced to byte counts', async () => {
    const client = connectClient(standIn, { apiKey: 'sk-sandbox-right' })
    const created = await client.waitFor('session.created')
    client.send({ type: 'input_audio_buffer.append', audio: Buffer.alloc(4800).toString('base64') })
    client.send({ type: 'input_audio_buffer.clear' })
    await client.waitFor('input_audio_buffer.cleared')
    const log = standIn.sessions().find((session) => session.sessionId === (created.session as unknown as { id: string }).id)!
    const append = log.events.find((entry) => entry.type === 'input_audio_buffer.append')!
    expect(append.direction).toBe('client')
    expect(append.event).toEqual({ type: 'input_audio_buffer.append', audio_bytes: 4800 })
    expect(log.events.filter((entry) => entry.direction === 'server').map((entry) => entry.type)).toEqual([
      'session.created',
      'conversation.created',
      'input_audio_buffer.cleared',
    ])
    await client.close()
    await expect.poll(() => log.closeCode).toBe(1000)
  })
})

describe('what the API enforces', () => {
  it("refuses a voice the API does not have, with OpenAI's error, and takes a built-in or custom one", async () => {
    const client = connectClient(standIn, { apiKey: 'sk-sandbox-right' })
    await client.waitFor('session.created')
    client.send({ type: 'session.update', event_id: 'evt_nova', session: { type: 'realtime', audio: { output: { voice: 'nova' } } } })
    const refused = await client.waitFor('error', (event) => event.error.event_id === 'evt_nova')
    expect(refused.error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_value', param: 'session.audio.output.voice' })
    expect(refused.error.message).toBe(
      "Invalid value: 'nova'. Supported values are: 'alloy', 'ash', 'ballad', 'coral', 'echo', 'sage', 'shimmer', 'verse', 'marin', and 'cedar'.",
    )
    expect(client.all('session.updated')).toHaveLength(0)
    client.send({ type: 'session.update', session: { type: 'realtime', audio: { output: { voice: { id: 'voice_1234' } as never } } } })
    await client.waitFor('session.updated')
    client.send({ type: 'session.update', session: { type: 'realtime', audio: { output: { voice: 'cedar' } } } })
    expect((await client.waitFor('session.updated', (event) => JSON.stringify(event.session).includes('cedar'))).session).toMatchObject({ audio: { output: { voice: 'cedar' } } })
    await client.close()
  })

  it('ends a session at its maximum duration: session_expired, then 1001 going away', async () => {
    const shortLived = await startRealtimeStandIn({ port: 0, speechSource: 'builtin', sessionLifetimeMs: 300 })
    try {
      const client = connectClient(shortLived)
      const created = await client.waitFor('session.created')
      expect((created.session as unknown as { expires_at: number }).expires_at).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + 1)
      const reason = new Promise<{ code: number; reason: string }>((resolve) => client.rt.socket.on('close', (code, text) => resolve({ code, reason: text.toString() })))
      const expired = await client.waitFor('error', (event) => event.error.code === 'session_expired')
      expect(expired.error).toMatchObject({ type: 'invalid_request_error', param: null, event_id: null, message: 'Your session hit the maximum duration of 0 minutes.' })
      expect(await reason).toEqual({ code: 1001, reason: 'Your session hit the maximum duration of 0 minutes.' })
    } finally {
      await shortLived.close()
    }
  })

  it('announces rate limits at the start of every response', async () => {
    const client = connectClient(standIn, { apiKey: 'sk-sandbox-right' })
    await client.waitFor('session.created')
    client.send({ type: 'response.create' })
    const limits = await client.waitFor('rate_limits.updated')
    expect(limits.rate_limits.map((limit) => limit.name)).toEqual(['requests', 'tokens'])
    expect(limits.rate_limits.every((limit) => limit.remaining! <= limit.limit!)).toBe(true)
    await client.waitFor('response.done')
    await client.close()
  })

  it('a hung server (stopAnswering) answers no ping while the connection stays open', async () => {
    let hang: (() => void) | undefined
    standIn.setBehavior({ onSessionStart: (ctx) => void (hang = ctx.stopAnswering) })
    try {
      const client = connectClient(standIn, { apiKey: 'sk-sandbox-right' })
      await client.waitFor('session.created')
      const pongs: number[] = []
      client.rt.socket.on('pong', () => pongs.push(1))
      client.rt.socket.ping()
      await expect.poll(() => pongs.length).toBe(1)
      hang!()
      client.rt.socket.ping()
      client.send({ type: 'response.create' })
      // A fresh round trip on another connection proves the server itself is up and answering.
      const other = connectClient(standIn, { apiKey: 'sk-sandbox-right' })
      await other.waitFor('session.created')
      await other.close()
      expect(pongs).toHaveLength(1)
      expect(client.all('response.created')).toHaveLength(0)
      expect(client.rt.socket.readyState).toBe(client.rt.socket.OPEN)
      client.rt.socket.terminate()
    } finally {
      standIn.setBehavior(demoBehavior)
    }
  })
})
