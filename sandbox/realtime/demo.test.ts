import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeAudio } from './audio-format'
import { quotedSentence } from './behavior'
import { demoBehavior, startRealtimeStandIn, type RealtimeStandIn } from './index'
import { rmsDbfs } from './pcm'
import { hasEspeak } from './speech'
import { connectClient } from './test-client'

describe('quotedSentence', () => {
  it('finds the sentence the bridge asks the model to say', () => {
    expect(quotedSentence('Greet the caller by saying exactly: "Thanks for calling Acme Dental."')).toBe('Thanks for calling Acme Dental.')
    expect(quotedSentence('Say “Good morning, Acme here.” and wait.')).toBe('Good morning, Acme here.')
    expect(quotedSentence('Greet the caller.')).toBeUndefined()
  })
})

describe('spoken lines', () => {
  let builtin: RealtimeStandIn
  beforeAll(async () => {
    builtin = await startRealtimeStandIn({ port: 0, speechSource: 'builtin', speedup: 50 })
  })
  afterAll(() => builtin.close())

  it('speaks any scripted line with audible, speech-paced audio and the same transcript', async () => {
    const line = 'Your appointment is booked for Tuesday at ten in the morning.'
    builtin.setBehavior({ onResponse: (ctx) => ctx.say(line) })
    const client = connectClient(builtin)
    await client.waitFor('session.created')
    client.send({ type: 'response.create' })
    const done = await client.waitFor('response.done')
    const samples = decodeAudio({ type: 'audio/pcm', rate: 24000 }, client.audioOf(done.response.id!))
    expect(rmsDbfs(samples)).toBeGreaterThan(-30)
    // Conversational English runs at roughly 3–6 syllables per second.
    expect(samples.length / 24000).toBeGreaterThan(2)
    expect(samples.length / 24000).toBeLessThan(6)
    expect((await client.waitFor('response.output_audio_transcript.done')).transcript).toBe(line)
    await client.close()
  })

  it('greets with the shipped clip, not the quoted sentence, when it cannot speak arbitrary text', async () => {
    builtin.setBehavior(demoBehavior)
    const client = connectClient(builtin)
    await client.waitFor('session.created')
    client.send({ type: 'response.create', response: { instructions: 'Say "Thanks for calling Acme Dental."' } })
    expect((await client.waitFor('response.output_audio_transcript.done')).transcript).toBe('Hello, thanks for calling. How can I help you today?')
    await client.close()
  })
})

describe.skipIf(!(await hasEspeak()))('demo greeting with espeak-ng', () => {
  let standIn: RealtimeStandIn
  beforeAll(async () => {
    standIn = await startRealtimeStandIn({ port: 0, speedup: 50 })
  })
  afterAll(() => standIn.close())

  it('says the greeting quoted in the instructions', async () => {
    const client = connectClient(standIn)
    await client.waitFor('session.created')
    client.send({ type: 'response.create', response: { instructions: 'Greet the caller by saying exactly: "Thank you for calling Acme Dental."' } })
    const done = await client.waitFor('response.done')
    expect(done.response.output![0]).toMatchObject({ content: [{ transcript: 'Thank you for calling Acme Dental.' }] })
    expect(rmsDbfs(decodeAudio({ type: 'audio/pcm', rate: 24000 }, client.audioOf(done.response.id!)))).toBeGreaterThan(-30)
    await client.close()
  })
})
