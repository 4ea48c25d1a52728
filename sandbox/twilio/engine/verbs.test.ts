import { describe, expect, it } from 'vitest'
import { decodeWav } from '../audio/wav'
import { tone } from '../audio/tones'
import { twiml } from './testing/twiml-app'
import { verbTestbed } from './testing/verb-testbed'

describe('TwiML verbs', () => {
  const bed = verbTestbed()

  it('Gather: digits pressed during the prompt go to the action with Digits and FinishedOnKey', async () => {
    const { phone } = bed.placeCall('<Gather action="/menu" numDigits="3"><Say>Enter your code</Say></Gather><Say>fell through</Say>')
    await bed.clock.advance(300)
    phone.pressDigits('12')
    await bed.clock.advance(1000)
    phone.pressDigits('3')
    await bed.clock.advance(100)
    expect((await bed.app.waitForRequest('/menu')).params).toMatchObject({ Digits: '123', FinishedOnKey: '' })
  })

  it('Gather: finishOnKey ends input; no input after the timeout falls through to the next verb', async () => {
    const first = bed.placeCall('<Gather action="/menu" timeout="3"><Say>Press</Say></Gather><Redirect>/after</Redirect>')
    await bed.clock.advance(200)
    first.phone.pressDigits('42#')
    await bed.clock.advance(100)
    expect((await bed.app.waitForRequest('/menu')).params).toMatchObject({ Digits: '42', FinishedOnKey: '#' })

    const second = bed.placeCall('<Gather action="/menu2" timeout="3"><Say>Press</Say></Gather><Redirect>/after</Redirect>')
    await bed.clock.advance(2_000)
    expect(bed.app.requestsTo('/after')).toHaveLength(0)
    await bed.clock.advance(4_000)
    expect((await bed.app.waitForRequest('/after')).params.CallSid).toBe(second.sid)
    expect(bed.app.requestsTo('/menu2')).toHaveLength(0)
  })

  it('Redirect resolves relative URLs against the document and Reject leaves the call unanswered', async () => {
    bed.documents['/next'] = twiml('<Reject reason="busy"/>')
    const redirected = bed.placeCall('<Redirect method="POST">next</Redirect>')
    await bed.clock.advance(100)
    expect(bed.app.requestsTo('/next')[0].params.CallSid).toBe(redirected.sid)
    expect(bed.sandbox.store.calls.get(redirected.sid)).toMatchObject({ status: 'busy', startTime: null, duration: 0 })

    const rejected = bed.placeCall('<Reject/>')
    await bed.clock.advance(100)
    expect(bed.sandbox.store.calls.get(rejected.sid)?.status).toBe('no-answer')
  })

  it('Dial: a busy number, a number that never answers (no sleeping through the timeout) and one that answers', async () => {
    bed.sandbox.engine.outsideNumbers.set('+14155550001', { behavior: 'busy' })
    bed.sandbox.engine.outsideNumbers.set('+14155550002', { behavior: 'ring-out' })
    bed.sandbox.engine.outsideNumbers.set('+14155550003', { behavior: 'answer', ringSeconds: 4 })
    const busy = bed.placeCall('<Dial action="/dialed"><Number>+14155550001</Number></Dial>')
    await bed.clock.advance(100)
    expect((await bed.app.waitForRequest('/dialed')).params).toMatchObject({ DialCallStatus: 'busy', CallSid: busy.sid })

    bed.placeCall('<Dial action="/dialed" timeout="20"><Number>+14155550002</Number></Dial>')
    await bed.clock.advance(19_000)
    expect(bed.app.requestsTo('/dialed')).toHaveLength(1)
    await bed.clock.advance(2_000)
    const noAnswer = (await bed.app.waitForRequest('/dialed', 2)).params
    expect(noAnswer.DialCallStatus).toBe('no-answer')
    expect(bed.sandbox.store.calls.get(noAnswer.DialCallSid)).toMatchObject({ status: 'no-answer', direction: 'outbound-dial' })

    const answered = bed.placeCall('<Dial action="/dialed" callerId="+15005550999" record="record-from-answer-dual"><Number>+14155550003</Number></Dial>')
    await bed.clock.advance(5_000)
    const child = [...bed.sandbox.store.calls.values()].find((c) => c.parentCallSid === answered.sid)!
    expect(child).toMatchObject({ status: 'in-progress', from: '+15005550999', to: '+14155550003', direction: 'outbound-dial' })
    answered.phone.speak(tone(440, 1000), 'hello')
    bed.sandbox.engine.phone(child.sid)!.speak(tone(880, 1000), 'hi there')
    await bed.clock.advance(11_000)
    bed.sandbox.engine.phone(child.sid)!.hangUp()
    await bed.clock.advance(100)
    const params = (await bed.app.waitForRequest('/dialed', 3)).params
    // Answered after 4 s of ringing, hung up 12 s later.
    expect(params).toMatchObject({ DialCallStatus: 'completed', DialCallSid: child.sid, DialCallDuration: '12' })
    const recording = bed.sandbox.store.recordings.get(params.RecordingSid)!
    expect(recording).toMatchObject({ source: 'DialVerb', channels: 2, duration: 12 })
    expect(params.RecordingUrl).toBe(`http://127.0.0.1:8090/2010-04-01/Accounts/${bed.sandbox.subaccount.sid}/Recordings/${recording.sid}`)
    const wav = decodeWav(recording.wav)
    expect(wav.channels).toHaveLength(2)
    expect(wav.channels[0].length).toBe(12 * 8000)
    // Both spoke during the bridge's second second: the caller on channel 1, the callee (heard) on 2.
    const secondSecond = [8000, 16000] as const
    expect(dominantHz(wav.channels[0].subarray(...secondSecond))).toBe(440)
    expect(dominantHz(wav.channels[1].subarray(...secondSecond))).toBe(880)
    expect(peak(wav.channels[0].subarray(24000, 32000))).toBe(0)
  })

  it('Record: stops after the silence timeout, trims silence, stores a WAV of the right length and calls back', async () => {
    const { sid, phone } = bed.placeCall(
      '<Record action="/recorded" timeout="3" recordingStatusCallback="/rec-status" transcribeCallback="/transcript"/>',
    )
    await bed.clock.advance(1_000)
    phone.speak(tone(300, 2_000), 'leave a message after the beep')
    await bed.clock.advance(4_000)
    expect(bed.app.requestsTo('/recorded')).toHaveLength(0)
    await bed.clock.advance(1_500)
    const params = (await bed.app.waitForRequest('/recorded')).params
    expect(params).toMatchObject({ RecordingDuration: '2', Digits: '', CallSid: sid })
    const recording = bed.sandbox.store.recordings.get(params.RecordingSid)!
    // Still processing when the action is requested; completed (and announced) a moment later.
    expect(recording.status).toBe('processing')
    expect(bed.app.requestsTo('/rec-status')).toHaveLength(0)
    await bed.clock.advance(1_000)
    expect(recording.status).toBe('completed')
    expect(recording.wav.toString('ascii', 0, 4)).toBe('RIFF')
    const wav = decodeWav(recording.wav)
    expect(wav.sampleRate).toBe(8000)
    expect(wav.channels[0].length / 8000).toBeCloseTo(2, 2)
    const status = (await bed.app.waitForRequest('/rec-status')).params
    expect(status).toMatchObject({ RecordingSid: recording.sid, RecordingStatus: 'completed', RecordingDuration: '2', RecordingChannels: '1', RecordingSource: 'RecordVerb', ErrorCode: '0' })
    // The transcription comes later than the recording, as Twilio's does.
    expect(bed.app.requestsTo('/transcript')).toHaveLength(0)
    await bed.clock.advance(2_000)
    expect((await bed.app.waitForRequest('/transcript')).params).toMatchObject({ TranscriptionText: 'leave a message after the beep', TranscriptionStatus: 'completed', RecordingSid: recording.sid })
  })

  it('Record: audio the sandbox cannot transcribe gets a failed transcription without text', async () => {
    const { phone } = bed.placeCall('<Record action="/recorded" timeout="2" transcribe="true" transcribeCallback="/transcript"/>')
    await bed.clock.advance(1_000)
    phone.speak(tone(300, 1_500))
    await bed.clock.advance(10_000)
    const transcript = (await bed.app.waitForRequest('/transcript')).params
    expect(transcript.TranscriptionStatus).toBe('failed')
    expect(transcript).not.toHaveProperty('TranscriptionText')
  })

  it('Record: a finish key ends the recording and is sent as Digits', async () => {
    const { phone } = bed.placeCall('<Record action="/recorded" playBeep="false" finishOnKey="#" trim="do-not-trim"/>')
    await bed.clock.advance(100)
    phone.speak(tone(300, 1_000))
    await bed.clock.advance(2_900)
    phone.pressDigits('#')
    await bed.clock.advance(100)
    expect((await bed.app.waitForRequest('/recorded')).params).toMatchObject({ Digits: '#', RecordingDuration: '3' })
  })

  it('Enqueue: waitUrl gets queue parameters; a REST member update dequeues the caller to a URL', async () => {
    bed.documents['/wait'] = twiml('<Say>Please hold</Say>')
    bed.documents['/dequeued'] = twiml('<Say>Thanks for waiting</Say>')
    const first = bed.placeCall('<Enqueue waitUrl="/wait" action="/left">support</Enqueue>')
    const second = bed.placeCall('<Enqueue waitUrl="/wait">support</Enqueue>')
    await bed.clock.advance(100)
    const waits = bed.app.requestsTo('/wait').sort((a, b) => Number(a.params.QueuePosition) - Number(b.params.QueuePosition))
    expect(waits.map((r) => [r.params.CallSid, r.params.QueuePosition, r.params.CurrentQueueSize])).toEqual([
      [first.sid, '1', '1'],
      [second.sid, '2', '2'],
    ])
    const queueSid = waits[0].params.QueueSid
    expect(waits[0].params).toMatchObject({ QueueTime: '0', AvgQueueTime: '0', MaxQueueSize: '100' })
    expect(bed.sandbox.store.queues.get(queueSid)?.members.map((m) => m.callSid)).toEqual([first.sid, second.sid])
    await bed.clock.advance(5_000)
    const member = bed.sandbox.engine.updateQueueMember(bed.sandbox.subaccount.sid, queueSid, 'Front', { url: bed.app.url('/dequeued') })
    expect(member).toMatchObject({ callSid: first.sid, position: 1, waitTime: 5 })
    await bed.clock.advance(100)
    expect((await bed.app.waitForRequest('/dequeued')).params.CallSid).toBe(first.sid)
    expect(bed.sandbox.store.queues.get(queueSid)?.members.map((m) => m.callSid)).toEqual([second.sid])
  })

  it('Dial Conference: participants hear each other; the action says DialCallStatus=answered and DialBridged, without DialCallSid or DialCallDuration', async () => {
    const first = bed.placeCall('<Dial action="/conference-done"><Conference>standup</Conference></Dial>')
    await bed.clock.advance(3_000)
    const second = bed.placeCall('<Dial action="/conference-done" hangupOnStar="true"><Conference endConferenceOnExit="true">standup</Conference></Dial>')
    await bed.clock.advance(1_000)
    const speakingAt = bed.clock.now()
    first.phone.speak(tone(440, 1000), 'good morning')
    await bed.clock.advance(2_000)
    // The second participant heard the first: 440 Hz while the first spoke.
    expect(dominantHz(bed.sandbox.engine.phone(second.sid)!.heard.window(speakingAt + 200, speakingAt + 800))).toBe(440)
    second.phone.pressDigits('*')
    await bed.clock.advance(500)
    const actions = bed.app.requestsTo('/conference-done')
    expect(actions.map((r) => r.params.CallSid).sort()).toEqual([first.sid, second.sid].sort())
    for (const action of actions) {
      expect(action.params).toMatchObject({ DialCallStatus: 'answered', DialBridged: 'true' })
      expect(action.params.DialCallSid).toBeUndefined()
      expect(action.params.DialCallDuration).toBeUndefined()
    }

    // Alone in a conference that never started, then hanging up: answered, but never bridged.
    const alone = bed.placeCall('<Dial action="/alone-done"><Conference>empty room</Conference></Dial>')
    await bed.clock.advance(5_000)
    alone.phone.hangUp()
    await bed.clock.advance(100)
    expect((await bed.app.waitForRequest('/alone-done')).params).toMatchObject({ DialCallStatus: 'answered', DialBridged: 'false' })
  })

  it('Enqueue: <Gather> in waitUrl TwiML collects keys; its action runs in the queue, and <Leave> there leaves it', async () => {
    bed.documents['/wait'] = twiml('<Gather numDigits="1" action="/pressed" timeout="3"><Say>Press 1 to leave a message, or stay on the line.</Say></Gather><Pause length="2"/>')
    bed.documents['/pressed'] = twiml('<Say>One moment.</Say><Leave/>')
    bed.documents['/left'] = twiml('<Say>Leave your message after the tone.</Say><Hangup/>')
    const waiting = bed.placeCall('<Enqueue waitUrl="/wait" action="/left">support</Enqueue>')
    await bed.clock.advance(100)
    // No key: Gather falls through to the next wait verb and the waitUrl loops, the caller still queued.
    await bed.clock.advance(30_000)
    expect(bed.app.requestsTo('/wait').length).toBeGreaterThan(1)
    expect(bed.app.requestsTo('/pressed')).toEqual([])
    const queueSid = bed.app.requestsTo('/wait')[0]!.params.QueueSid!
    expect(bed.sandbox.store.queues.get(queueSid)?.members.map((m) => m.callSid)).toEqual([waiting.sid])

    const waitsBefore = bed.app.requestsTo('/wait').length
    await advanceUntilSaying(waiting.sid, 'Press 1', waitsBefore)
    waiting.phone.pressDigits('1')
    await bed.clock.advance(100)
    const pressed = await bed.app.waitForRequest('/pressed')
    expect(pressed.params).toMatchObject({ CallSid: waiting.sid, Digits: '1' })
    await bed.clock.advance(5_000)
    const left = await bed.app.waitForRequest('/left')
    expect(left.params).toMatchObject({ QueueResult: 'leave', QueueSid: queueSid })
    expect(bed.sandbox.store.queues.get(queueSid)?.members).toEqual([])
    expect(bed.sandbox.engine.events(waiting.sid).filter((e) => e.type === 'error')).toEqual([])
  })

  it('Enqueue: a verb waitUrl TwiML may not hold is skipped with a 12200 warning; the caller keeps waiting', async () => {
    bed.documents['/wait'] = twiml('<Record/><Say>Still holding</Say>')
    const waiting = bed.placeCall('<Enqueue waitUrl="/wait">support</Enqueue>')
    await bed.clock.advance(10_000)
    expect(bed.sandbox.engine.events(waiting.sid).some((e) => e.type === 'error' && e.detail.code === 12200)).toBe(true)
    expect(bed.sandbox.store.calls.get(waiting.sid)?.status).toBe('in-progress')
  })

  /** Advances until the wait loop has begun another round (the prompt is playing again). */
  async function advanceUntilSaying(sid: string, text: string, afterWaits: number) {
    for (let i = 0; i < 200 && !(bed.app.requestsTo('/wait').length > afterWaits && bed.sandbox.engine.events(sid).at(-1)?.summary.includes(text)); i++) await bed.clock.advance(100)
  }

  it('Dial Queue url: the dequeued caller hears its TwiML before the bridge; the action says DialBridged', async () => {
    bed.documents['/connecting'] = twiml('<Say>You are now being connected</Say>')
    const waiting = bed.placeCall('<Enqueue>sales</Enqueue>')
    await bed.clock.advance(1_000)
    const agent = bed.placeCall('<Dial action="/after"><Queue url="/connecting">sales</Queue></Dial>')
    await bed.clock.advance(5_000)
    const connecting = await bed.app.waitForRequest('/connecting')
    expect(connecting.params).toMatchObject({ CallSid: waiting.sid, DequeingCallSid: agent.sid })
    expect(connecting.params.QueueSid).toMatch(/^QU/)
    expect(bed.sandbox.engine.events(waiting.sid).some((e) => e.type === 'audio' && e.summary.includes('You are now being connected'))).toBe(true)
    agent.phone.hangUp()
    await bed.clock.advance(1_000)
    waiting.phone.hangUp()
    await bed.clock.advance(1_000)
    const after = bed.app.requestsTo('/after')[0]
    expect(after?.params).toMatchObject({ DialCallStatus: 'completed', DialBridged: 'true' })
  })
})

/** Which of the test tones (440/880 Hz) dominates, by zero crossings. */
function dominantHz(samples: Int16Array): number {
  let crossings = 0
  for (let i = 1; i < samples.length; i++) if ((samples[i - 1] < 0) !== (samples[i] < 0)) crossings++
  const hz = (crossings / 2) * (8000 / samples.length)
  return Math.abs(hz - 440) < Math.abs(hz - 880) ? 440 : 880
}

function peak(samples: Int16Array): number {
  return samples.reduce((max, s) => Math.max(max, Math.abs(s)), 0)
}
