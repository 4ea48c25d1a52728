import { describe, expect, it } from 'vitest'
import { toneLevel } from '../audio/analysis'
import { tone } from '../audio/tones'
import { decodeWav } from '../audio/wav'
import { twiml } from './testing/twiml-app'
import { verbTestbed } from './testing/verb-testbed'

// <Dial><Conference> and its attributes (https://www.twilio.com/docs/voice/twiml/conference),
// callers placed on a manual clock; what each heard is read from its phone's `heard` track.

const BEEP_HZ = 1000
const MUSIC_HZ = 554

describe('<Dial><Conference>', () => {
  const bed = verbTestbed()
  const conferenceSid = () => [...bed.sandbox.store.conferences.values()].at(-1)!.sid
  const heardLevel = (sid: string, fromMs: number, toMs: number, hz: number) => toneLevel(bed.sandbox.engine.phone(sid)!.heard.window(fromMs, toMs), hz)

  it('waitUrl TwiML loops until the conference starts; the joiner is beeped in; status callbacks follow statusCallbackEvent', async () => {
    bed.documents['/wait'] = twiml('<Say>Please wait for the host.</Say><Redirect>/wait-more</Redirect>')
    bed.documents['/wait-more'] = twiml('<Pause length="1"/>')
    const events = 'statusCallback="/events" statusCallbackEvent="start end join leave"'
    const first = bed.placeCall(`<Dial><Conference waitUrl="/wait" ${events}>standup</Conference></Dial>`)
    await bed.clock.advance(20_000)
    expect(bed.app.requestsTo('/wait').length).toBeGreaterThan(1)
    expect(bed.app.requestsTo('/wait-more').length).toBeGreaterThan(0)
    expect(bed.sandbox.store.conferences.get(conferenceSid())?.status).toBe('init')

    const joinedAt = bed.clock.now()
    const second = bed.placeCall('<Dial><Conference>standup</Conference></Dial>')
    await bed.clock.advance(1_000)
    const waits = bed.app.requestsTo('/wait').length
    expect(heardLevel(first.sid, joinedAt, joinedAt + 250, BEEP_HZ)).toBeGreaterThan(0.2)
    await bed.clock.advance(20_000)
    expect(bed.app.requestsTo('/wait')).toHaveLength(waits)
    bed.sandbox.engine.phone(second.sid)!.hangUp()
    await bed.clock.advance(500)
    first.phone.hangUp()
    await bed.clock.advance(500)
    expect(bed.app.requestsTo('/events').map((r) => [r.params.StatusCallbackEvent, r.params.CallSid ?? null])).toEqual([
      ['participant-join', first.sid],
      ['participant-join', second.sid],
      ['conference-start', null],
      ['participant-leave', second.sid],
      ['participant-leave', first.sid],
      ['conference-end', null],
    ])
    expect(bed.app.requestsTo('/events').at(-1)?.params).toMatchObject({ ReasonConferenceEnded: 'last-participant-left', CallSidEndingConference: first.sid, FriendlyName: 'standup' })
  })

  it('a muted participant is heard by nobody; beep="false" joins silently; statusCallback without events sends start and end', async () => {
    const speaker = bed.placeCall('<Dial><Conference statusCallback="/events">briefing</Conference></Dial>')
    await bed.clock.advance(100) // each call fetches /voice before the next one replaces it
    const listener = bed.placeCall('<Dial><Conference muted="true" beep="false">briefing</Conference></Dial>')
    await bed.clock.advance(1_000)
    const from = bed.clock.now()
    speaker.phone.speak(tone(700, 1_000))
    listener.phone.speak(tone(1_200, 1_000))
    await bed.clock.advance(1_500)
    expect(heardLevel(listener.sid, from, from + 1_000, 700)).toBeGreaterThan(0.2)
    expect(heardLevel(speaker.sid, from, from + 1_000, 1_200)).toBeLessThan(0.01)
    expect(heardLevel(speaker.sid, from - 1_000, from, BEEP_HZ)).toBeLessThan(0.01)
    speaker.phone.hangUp()
    listener.phone.hangUp()
    await bed.clock.advance(500)
    expect(bed.app.requestsTo('/events').map((r) => r.params.StatusCallbackEvent)).toEqual(['conference-start', 'conference-end'])
  })

  it('maxParticipants refuses one more with 16020; the Dial action says failed', async () => {
    bed.placeCall('<Dial><Conference maxParticipants="2">pair</Conference></Dial>')
    await bed.clock.advance(100) // each call fetches /voice before the next one replaces it
    bed.placeCall('<Dial><Conference>pair</Conference></Dial>')
    await bed.clock.advance(500)
    const third = bed.placeCall('<Dial action="/refused"><Conference>pair</Conference></Dial>')
    await bed.clock.advance(500)
    expect((await bed.app.waitForRequest('/refused')).params).toMatchObject({ CallSid: third.sid, DialCallStatus: 'failed', DialBridged: 'false' })
    expect([...bed.sandbox.store.notifications.values()].filter((n) => n.callSid === third.sid).map((n) => n.errorCode)).toEqual([16020])
  })

  it('without a startConferenceOnEnter participant nobody is bridged: each hears hold music; an empty waitUrl is silence', async () => {
    const a = bed.placeCall('<Dial><Conference startConferenceOnEnter="false" beep="false">moderated</Conference></Dial>')
    await bed.clock.advance(100) // each call fetches /voice before the next one replaces it
    const b = bed.placeCall('<Dial><Conference startConferenceOnEnter="false" waitUrl="" beep="false">moderated</Conference></Dial>')
    await bed.clock.advance(1_000)
    const from = bed.clock.now()
    a.phone.speak(tone(700, 1_000))
    await bed.clock.advance(3_000)
    expect(heardLevel(b.sid, from, from + 1_000, 700)).toBe(0)
    expect(bed.sandbox.engine.phone(b.sid)!.heard.window(from, from + 3_000).some((s) => s !== 0)).toBe(false)
    expect(heardLevel(a.sid, from, from + 3_000, MUSIC_HZ)).toBeGreaterThan(0.02)
    expect(bed.sandbox.store.conferences.get(conferenceSid())?.status).toBe('init')
  })

  it('a recording of a participant’s call holds what it heard in the conference and what it said', async () => {
    const recorded = bed.placeCall('<Dial><Conference beep="false">recorded</Conference></Dial>')
    await bed.clock.advance(100) // each call fetches /voice before the next one replaces it
    const other = bed.placeCall('<Dial><Conference beep="false">recorded</Conference></Dial>')
    await bed.clock.advance(1_000)
    const recording = bed.sandbox.engine.startCallRecording(bed.sandbox.subaccount.sid, recorded.sid, { recordingChannels: 'dual' })
    recorded.phone.speak(tone(700, 1_000))
    other.phone.speak(tone(1_200, 1_000))
    await bed.clock.advance(2_000)
    recorded.phone.hangUp()
    await bed.clock.advance(3_000)
    const wav = decodeWav(bed.sandbox.store.recordings.get(recording.sid)!.wav)
    const firstSecond = [0, 8_000] as const
    expect(toneLevel(wav.channels[0]!.subarray(...firstSecond), 700)).toBeGreaterThan(0.2)
    expect(toneLevel(wav.channels[1]!.subarray(...firstSecond), 1_200)).toBeGreaterThan(0.2)
    expect(toneLevel(wav.channels[1]!.subarray(...firstSecond), 700)).toBeLessThan(0.01)
  })
})
