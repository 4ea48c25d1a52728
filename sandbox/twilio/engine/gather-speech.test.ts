import { describe, expect, it } from 'vitest'
import { tone } from '../audio/tones'
import { verbTestbed } from './testing/verb-testbed'
import { AUTO_SPEECH_PAUSE_MS } from './verbs/gather'

// <Gather input="speech"> and input="dtmf speech" as https://www.twilio.com/docs/voice/twiml/gather
// describes them: the first input decides, speech ends after speechTimeout, the action carries
// SpeechResult and Confidence, and keys are not heard under input="speech".
describe('Gather with speech', () => {
  const bed = verbTestbed()
  const events = (sid: string) => bed.sandbox.engine.events(sid)

  it('speech barges into the prompt; after speechTimeout of silence the action gets SpeechResult, Confidence and Language', async () => {
    const { sid, phone } = bed.placeCall('<Gather input="dtmf speech" action="/menu" speechTimeout="2" hints="sales, billing"><Say>Say sales or billing, or press 1 or 2</Say></Gather><Say>fell through</Say>')
    await bed.clock.advance(400)
    phone.speak(tone(300, 800), 'billing please')
    await bed.clock.advance(800 + 1_900)
    expect(bed.app.requestsTo('/menu')).toHaveLength(0) // still inside the 2 s pause
    phone.pressDigits('1') // keys after speech began are ignored
    await bed.clock.advance(200)
    const request = await bed.app.waitForRequest('/menu')
    expect(request.params).toMatchObject({ SpeechResult: 'Billing please.', Confidence: '0.92', Language: 'en-US', CallSid: sid })
    expect(request.params.Digits).toBeUndefined()
    expect(events(sid).some((e) => e.type === 'gather' && e.summary === 'hints: sales, billing')).toBe(true)
    expect(events(sid).some((e) => e.type === 'dtmf' && e.summary.startsWith('ignored 1'))).toBe(true)
    // The caller heard only the part of the prompt that played before they spoke.
    expect(events(sid).some((e) => e.type === 'twiml' && e.summary.includes('fell through'))).toBe(false)
  })

  it('speechTimeout="auto" ends at the first pause, and later speech continues one utterance while it keeps coming', async () => {
    const { phone } = bed.placeCall('<Gather input="speech" action="/menu" speechTimeout="auto"><Say>How can we help?</Say></Gather>')
    await bed.clock.advance(200)
    phone.speak(tone(300, 500), 'I want')
    await bed.clock.advance(500 + AUTO_SPEECH_PAUSE_MS / 2)
    phone.speak(tone(300, 500), 'to pay a bill')
    await bed.clock.advance(500 + AUTO_SPEECH_PAUSE_MS - 100)
    expect(bed.app.requestsTo('/menu')).toHaveLength(0)
    await bed.clock.advance(200)
    expect((await bed.app.waitForRequest('/menu')).params).toMatchObject({ SpeechResult: 'I want to pay a bill.' })
  })

  it('the first input decides: keys first under dtmf speech give Digits, and speech after them is not listened to', async () => {
    const { phone } = bed.placeCall('<Gather input="dtmf speech" action="/menu" numDigits="1"><Say>Press or say</Say></Gather>')
    await bed.clock.advance(300)
    phone.pressDigits('2')
    phone.speak(tone(300, 300), 'sales')
    await bed.clock.advance(100)
    const request = await bed.app.waitForRequest('/menu')
    expect(request.params).toMatchObject({ Digits: '2', FinishedOnKey: '' })
    expect(request.params.SpeechResult).toBeUndefined()
  })

  it('input="speech" does not hear keys: they neither stop the prompt nor reach the action; no speech falls through', async () => {
    const { sid, phone } = bed.placeCall('<Gather input="speech" action="/menu" timeout="3"><Say>Tell us why you are calling</Say></Gather><Redirect>/after</Redirect>')
    await bed.clock.advance(300)
    phone.pressDigits('1#')
    await bed.clock.advance(20_000)
    expect(bed.app.requestsTo('/menu')).toHaveLength(0)
    expect((await bed.app.waitForRequest('/after')).params.CallSid).toBe(sid)
    expect(events(sid).filter((e) => e.type === 'dtmf' && e.summary.startsWith('ignored'))).toHaveLength(2)
  })

  it('speech that was not synthesized from text is not recognized: an empty result, or an action without SpeechResult on actionOnEmptyResult', async () => {
    const { phone } = bed.placeCall('<Gather input="speech" action="/menu" speechTimeout="1" actionOnEmptyResult="true"><Say>Say something</Say></Gather>')
    await bed.clock.advance(300)
    phone.speak(tone(440, 500))
    await bed.clock.advance(3_000)
    const request = await bed.app.waitForRequest('/menu')
    expect(request.params.SpeechResult).toBeUndefined()
    expect(request.params.Digits).toBeUndefined()
  })

  it('an invalid speechTimeout, or auto beside a speechModel, is warning 13327 and the timeout applies instead', async () => {
    for (const attrs of ['speechTimeout="soon"', 'speechTimeout="auto" speechModel="phone_call"']) {
      const { sid, phone } = bed.placeCall(`<Gather input="speech" action="/menu" timeout="3" ${attrs}><Say>Go ahead</Say></Gather>`)
      await bed.clock.advance(300)
      phone.speak(tone(300, 400), 'hello')
      await bed.clock.advance(400 + 2_900)
      expect(bed.app.requestsTo('/menu').filter((r) => r.params.CallSid === sid)).toHaveLength(0)
      await bed.clock.advance(200)
      expect((await bed.app.waitForRequest('/menu')).params.SpeechResult).toBe('Hello.')
      const warning = [...bed.sandbox.store.notifications.values()].find((n) => n.callSid === sid)
      expect(warning).toMatchObject({ errorCode: 13327, level: 'warning' })
      bed.app.requests.length = 0
    }
  })

  it('partialResultCallback gets each utterance as it arrives, numbered, before the action', async () => {
    const { phone } = bed.placeCall('<Gather input="speech" action="/menu" speechTimeout="2" partialResultCallback="/partial"><Say>Go ahead</Say></Gather>')
    await bed.clock.advance(300)
    phone.speak(tone(300, 400), 'pay')
    await bed.clock.advance(900)
    phone.speak(tone(300, 400), 'my bill')
    await bed.clock.advance(100)
    const second = await bed.app.waitForRequest('/partial', 2)
    expect(bed.app.requestsTo('/partial').map((r) => [r.params.SequenceNumber, r.params.StableSpeechResult, r.params.UnstableSpeechResult])).toEqual([['1', '', 'pay'], ['2', 'pay', 'my bill']])
    expect(second.params).toMatchObject({ Stability: expect.any(String), LanguageCode: 'en-US', CallSid: expect.stringMatching(/^CA/) })
    expect(bed.app.requestsTo('/menu')).toHaveLength(0)
    await bed.clock.advance(2_500)
    expect((await bed.app.waitForRequest('/menu')).params.SpeechResult).toBe('Pay my bill.')
  })
})
