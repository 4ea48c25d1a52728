import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTwilioClient } from '../lib/telephony/twilio-client'
import { loadClip } from '../sandbox/realtime/index'
import { startTwilioSandbox, type TwilioSandbox } from '../sandbox/twilio/index'
import { callSession, startHarness, streamToken, waitUntil, type Harness } from './testing/harness'

// The AI receptionist's audio path end to end, with every part real: a caller in the Twilio
// sandbox dials a number whose TwiML connects a Media Stream to the media server, which bridges it
// to the Realtime stand-in through the openai client. The caller hears the greeting, speaks, and
// hears the answer.

const rms = (samples: Int16Array) => Math.sqrt(samples.reduce((sum, s) => sum + s * s, 0) / Math.max(samples.length, 1))

describe('a sandbox call answered by the AI receptionist', () => {
  let harness: Harness
  let sandbox: TwilioSandbox
  let twimlServer: Server

  beforeAll(async () => {
    harness = await startHarness({ quiet: true })
    sandbox = await startTwilioSandbox({ port: 0 })
    // The sandbox signs the stream's upgrade with the account that owns the number.
    await harness.app.registerAccount(sandbox.accountSid, sandbox.authToken)
    twimlServer = createServer((req, res) => {
      let body = ''
      req.on('data', (chunk) => (body += chunk))
      req.on('end', () => {
        const callSid = new URLSearchParams(body).get('CallSid')!
        const token = streamToken(callSession({ callSid, accountSid: sandbox.accountSid }))
        res.writeHead(200, { 'content-type': 'text/xml' })
        res.end(`<Response><Connect><Stream url="${harness.server.streamUrl}"><Parameter name="token" value="${token}"/></Stream></Connect></Response>`)
      })
    })
    await new Promise<void>((resolve) => twimlServer.listen(0, '127.0.0.1', resolve))
  })

  afterAll(async () => {
    await sandbox.close()
    await harness.close()
    await new Promise((resolve) => twimlServer.close(resolve))
  })

  it('greets the caller, answers what they say, and releases everything when they hang up', async () => {
    const client = createTwilioClient({ accountSid: sandbox.accountSid, authToken: sandbox.authToken }, { sandboxBaseUrl: sandbox.baseUrl })
    const number = await client.incomingPhoneNumbers.create({ areaCode: '303', voiceUrl: `http://127.0.0.1:${(twimlServer.address() as AddressInfo).port}/voice` })

    const placedAt = Date.now()
    const call = sandbox.engine.placeInboundCall({ from: '+13035550142', to: number.phoneNumber })
    await waitUntil(() => harness.server.activeCalls() === 1, 10_000, 'the media stream to reach the media server')
    const phone = sandbox.engine.phone(call.sid)!

    // The greeting: audible speech on the caller's line within a few seconds.
    const heardSince = (fromMs: number) => phone.heard.window(fromMs, Math.max(fromMs, phone.heard.endMs()))
    await waitUntil(() => rms(heardSince(placedAt)) > 500, 15_000, 'the caller to hear the greeting')
    const greetingHeardUntil = phone.heard.endMs()

    // The caller asks a question; the stand-in's VAD turns it into a turn and the AI answers.
    await waitUntil(() => phone.heard.endMs() > greetingHeardUntil + 500 || harness.standIn.sessions()[0]!.events.some((e) => e.type === 'response.done'), 15_000, 'the greeting to finish')
    const question = loadClip('caller-question')
    phone.speak(question.samples, question.transcript)
    const askedAt = Date.now()
    await waitUntil(
      () => harness.standIn.sessions()[0]!.events.filter((e) => e.direction === 'server' && e.type === 'response.done').length >= 2,
      30_000,
      'an answer to the caller’s question',
    )
    // And the answer is audible on the caller's line, after the question.
    await waitUntil(() => rms(heardSince(askedAt + question.samples.length / 8)) > 500, 15_000, 'the caller to hear the answer')
    const session = harness.standIn.sessions()[0]!
    expect(session.events.some((e) => e.direction === 'server' && e.type === 'input_audio_buffer.speech_started')).toBe(true)
    const update = session.events.find((e) => e.direction === 'client' && e.type === 'session.update')!.event as { session: { audio: { input: { format: { type: string } } } } }
    expect(update.session.audio.input.format.type).toBe('audio/pcmu')

    phone.hangUp()
    await waitUntil(() => harness.server.activeCalls() === 0, 10_000, 'the media server to release the call')
    await waitUntil(() => session.closedAt !== undefined && session.closedAt !== null, 10_000, 'the Realtime session to close')
    await waitUntil(() => sandbox.store.calls.get(call.sid)?.status === 'completed', 10_000, 'the call to complete')
  })
})
