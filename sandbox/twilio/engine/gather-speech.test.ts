import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { tone } from '../audio/tones'
import { ManualClock } from '../clock'
import { createTestSandbox, type TestSandbox } from './testing/harness'
import { startTwimlApp, twiml, type AppRequest, type TwimlApp } from './testing/twiml-app'
import { AUTO_SPEECH_PAUSE_MS } from './verbs/gather'

// <Gather input="speech"> and input="dtmf speech" as https://www.twilio.com/docs/voice/twiml/gather
// describes them: the first input decides, speech ends after speechTimeout, the action carries
// SpeechResult and Confidence, and keys are not heard under input="speech".
describe('Gather with speech', () => {
  let sandbox: TestSandbox
  let app: TwimlApp
  let clock: ManualClock
  let documents: Record<string, string>

  beforeEach(async () => {
    clock = new ManualClock()
    sandbox = createTestSandbox({ clock })
    documents = {}
    app = await startTwimlApp((r: AppRequest) => documents[r.path] ?? twiml('<Hangup/>'))
  })
  afterEach(async () => {
    await sandbox.close()
    await app.close()
  })

  function placeCall(voice: string) {
    documents['/voice'] = twiml(voice)
    const number = sandbox.buyNumber(sandbox.subaccount.sid, `+1500555${String(Math.floor(Math.random() * 9000) + 1000)}`, { voiceUrl: app.url('/voice') })
    const call = sandbox.engine.placeInboundCall({ from: '+14155550100', to: number.phoneNumber })
    return { sid: call.sid, phone: sandbox.engine.phone(call.sid)! }
  }
  const events = (sid: string) => sandbox.engine.events(sid)

  it('speech barges into the prompt; after speechTimeout of silence the action gets SpeechResult, Confidence and Language', async () => {
    const { sid, phone } = placeCall('<Gather input="dtmf speech" action="/menu" speechTimeout="2" hints="sales, billing"><Say>Say sales or billing, or press 1 or 2</Say></Gather><Say>fell through</Say>')
    await clock.advance(400)
    phone.speak(tone(300, 800), 'billing please')
    await clock.advance(800 + 1_900)
    expect(app.requestsTo('/menu')).toHaveLength(0) // still inside the 2 s pause
    phone.pressDigits('1') // keys after speech began are ignored
    await clock.advance(200)
    const request = await app.waitForRequest('/menu')
    expect(request.params).toMatchObject({ SpeechResult: 'Billing please.', Confidence: '0.92', Language: 'en-US', CallSid: sid })
    expect(request.params.Digits).toBeUndefined()
    expect(events(sid).some((e) => e.type === 'gather' && e.summary === 'hints: sales, billing')).toBe(true)
    expect(events(sid).some((e) => e.type === 'dtmf' && e.summary.startsWith('ignored 1'))).toBe(true)
    // The caller heard only the part of the prompt that played before they spoke.
    expect(events(sid).some((e) => e.type === 'twiml' && e.summary.includes('fell through'))).toBe(false)
  })

  it('speechTimeout="auto" ends at the first pause, and later speech continues one utterance while it keeps coming', async () => {
    const { phone } = placeCall('<Gather input="speech" action="/menu" speechTimeout="auto"><Say>How can we help?</Say></Gather>')
    await clock.advance(200)
    phone.speak(tone(300, 500), 'I want')
    await clock.advance(500 + AUTO_SPEECH_PAUSE_MS / 2)
    phone.speak(tone(300, 500), 'to pay a bill')
    await clock.advance(500 + AUTO_SPEECH_PAUSE_MS - 100)
    expect(app.requestsTo('/menu')).toHaveLength(0)
    await clock.advance(200)
    expect((await app.waitForRequest('/menu')).params).toMatchObject({ SpeechResult: 'I want to pay a bill.' })
  })

  it('the first input decides: keys first under dtmf speech give Digits, and speech after them is not listened to', async () => {
    const { phone } = placeCall('<Gather input="dtmf speech" action="/menu" numDigits="1"><Say>Press or say</Say></Gather>')
    await clock.advance(300)
    phone.pressDigits('2')
    phone.speak(tone(300, 300), 'sales')
    await clock.advance(100)
    const request = await app.waitForRequest('/menu')
    expect(request.params).toMatchObject({ Digits: '2', FinishedOnKey: '' })
    expect(request.params.SpeechResult).toBeUndefined()
  })

  it('input="speech" does not hear keys: they neither stop the prompt nor reach the action; no speech falls through', async () => {
    const { sid, phone } = placeCall('<Gather input="speech" action="/menu" timeout="3"><Say>Tell us why you are calling</Say></Gather><Redirect>/after</Redirect>')
    await clock.advance(300)
    phone.pressDigits('1#')
    await clock.advance(20_000)
    expect(app.requestsTo('/menu')).toHaveLength(0)
    expect((await app.waitForRequest('/after')).params.CallSid).toBe(sid)
    expect(events(sid).filter((e) => e.type === 'dtmf' && e.summary.startsWith('ignored'))).toHaveLength(2)
  })

  it('speech that was not synthesized from text is not recognized: an empty result, or an action without SpeechResult on actionOnEmptyResult', async () => {
    const { phone } = placeCall('<Gather input="speech" action="/menu" speechTimeout="1" actionOnEmptyResult="true"><Say>Say something</Say></Gather>')
    await clock.advance(300)
    phone.speak(tone(440, 500))
    await clock.advance(3_000)
    const request = await app.waitForRequest('/menu')
    expect(request.params.SpeechResult).toBeUndefined()
    expect(request.params.Digits).toBeUndefined()
  })
})
