import { describe, expect, it } from 'vitest'
import { XMLParser } from 'fast-xml-parser'
import { signStreamToken, verifyStreamToken } from '@/lib/telephony/stream-token'
import type { Schedule } from './business-hours'
import { decideAfterDial, decideInboundRoute, DEFAULT_CLOSED_MESSAGE, DEFAULT_VOICEMAIL_GREETING, handlerOf, type RoutableUser, type RoutingNumber, type RoutingOrganization } from './inbound-route'
import { DEFAULT_SAY_VOICE } from '@/lib/numbers/voices'
import { apologyTwiml, sayVoiceIn } from '@/lib/telephony/twiml'
import { holdMusicTwiml, planTwiml, queueWaitTwiml } from './inbound-twiml'

const org: RoutingOrganization = { id: 'org1', name: 'Acme', defaultGreeting: 'Hello from Acme.', defaultVoice: 'alloy', aiInstructions: 'Be kind.', aiSettings: null, recordingPolicy: 'ALL', recordingDisclosure: 'This call may be recorded.' }
const user: RoutableUser = { id: 'u1', name: 'Ada', softphoneIdentity: 'ada-123', forwardingNumber: '+14155550100', availability: 'AVAILABLE', onCall: false }
const number = (overrides: Partial<RoutingNumber> = {}): RoutingNumber => ({
  id: 'n1', e164: '+16175550123', routeKind: 'AI', routeUser: null, routeQueue: null, greeting: null, voice: null, afterHoursMode: 'VOICEMAIL', afterHoursMessage: null, recordingPolicy: null, aiSettings: null, ...overrides,
})
const main: Schedule = { name: 'Main', timeZone: 'America/New_York', intervals: [1, 2, 3, 4, 5].map((dayOfWeek) => ({ dayOfWeek, startMinute: 540, endMinute: 1020 })), exceptions: [{ date: '2026-12-25', closed: true, label: 'Christmas' }] }
const openNow = new Date('2026-12-01T15:00:00Z') // Tue 10:00 New York
const fridayEvening = new Date('2026-12-04T23:00:00Z') // Fri 18:00
const christmas = new Date('2026-12-25T15:00:00Z')
const up = { aiAvailable: true }
const recorded = { policy: 'ALL', disclosure: 'This call may be recorded.', fromConnect: true } as const
const down = { aiAvailable: false }

describe('decideInboundRoute', () => {
  it('routes to the AI with the number’s settings over the organization’s, and the disclosure when recording', () => {
    const plan = decideInboundRoute(number({ greeting: 'Hi, line one.', voice: 'verse' }), org, main, openNow, up)
    expect(plan).toEqual({ kind: 'ai', reason: 'schedule Main open; routed to the AI receptionist', greeting: 'Hi, line one.', voice: 'verse', instructions: 'Be kind.', audioFormat: 'pcmu', recording: recorded, sayVoice: 'Polly.Joey-Neural' })
    expect(decideInboundRoute(number(), { ...org, recordingPolicy: 'NONE' }, null, openNow, up)).toMatchObject({ kind: 'ai', greeting: 'Hello from Acme.', voice: 'alloy', recording: { policy: 'NONE', disclosure: null, fromConnect: false }, reason: 'no business hours set; routed to the AI receptionist' })
    // The audio format comes from the settings: the organization's, unless the number has its own.
    const pcm16 = { ...org, aiSettings: { audioFormat: 'pcm16' } }
    expect(decideInboundRoute(number(), pcm16, null, openNow, up)).toMatchObject({ kind: 'ai', audioFormat: 'pcm16' })
    expect(decideInboundRoute(number({ aiSettings: { audioFormat: 'pcmu' } }), pcm16, null, openNow, up)).toMatchObject({ kind: 'ai', audioFormat: 'pcmu' })
  })

  it('falls back to the after-hours mode when the media server is not ready', () => {
    expect(decideInboundRoute(number(), org, null, openNow, down)).toMatchObject({ kind: 'voicemail', reason: 'no business hours set; AI receptionist unavailable (media server not ready) → voicemail' })
    // After-hours mode AI with the AI down ends in voicemail rather than a dead stream.
    expect(decideInboundRoute(number({ afterHoursMode: 'AI' }), org, main, fridayEvening, down)).toMatchObject({ kind: 'voicemail' })
  })

  it('rings the user’s softphone and forwarding number with the called number as caller ID', () => {
    expect(decideInboundRoute(number({ routeKind: 'USER', routeUser: user }), org, main, openNow, up)).toEqual({
      kind: 'user', reason: 'schedule Main open; ringing Ada', userId: 'u1', clientIdentity: 'ada-123', forwardingNumber: '+14155550100', callerId: '+16175550123', sayVoice: 'Polly.Joanna-Neural', recording: recorded,
    })
  })

  it('rings only a member who takes calls: offline reaches their own phone, busy or on a call rings nobody', () => {
    const routed = (overrides: Partial<RoutableUser>, rest: Partial<RoutingNumber> = {}) => decideInboundRoute(number({ routeKind: 'USER', routeUser: { ...user, ...overrides }, ...rest }), org, main, openNow, up)
    expect(routed({ availability: 'OFFLINE' })).toMatchObject({ kind: 'user', clientIdentity: null, forwardingNumber: '+14155550100', reason: 'schedule Main open; Ada is offline: ringing their own phone' })
    expect(routed({ availability: 'OFFLINE', forwardingNumber: null })).toMatchObject({ kind: 'voicemail', reason: 'schedule Main open; Ada is offline → voicemail' })
    expect(routed({ availability: 'BUSY' })).toMatchObject({ kind: 'voicemail', reason: 'schedule Main open; Ada is busy → voicemail' })
    expect(routed({ onCall: true }, { afterHoursMode: 'MESSAGE' })).toMatchObject({ kind: 'message', reason: 'schedule Main open; Ada is on a call → message' })
    // The after-hours AI picks up when the member is busy and the media server is up.
    expect(routed({ availability: 'BUSY' }, { afterHoursMode: 'AI' })).toMatchObject({ kind: 'ai' })
  })

  it('queues in the number’s queue', () => {
    expect(decideInboundRoute(number({ routeKind: 'QUEUE', routeQueue: { id: 'q1', name: 'Support' } }), org, null, openNow, up)).toMatchObject({ kind: 'queue', queueName: 'Support', queueId: 'q1' })
  })

  it('a route whose user or queue is gone goes to the after-hours mode', () => {
    expect(decideInboundRoute(number({ routeKind: 'USER' }), org, null, openNow, up)).toMatchObject({ kind: 'voicemail', reason: "no business hours set; the number's user no longer exists → voicemail" })
    expect(decideInboundRoute(number({ routeKind: 'QUEUE', afterHoursMode: 'MESSAGE' }), org, null, openNow, up)).toMatchObject({ kind: 'message', message: DEFAULT_CLOSED_MESSAGE })
  })

  it('outside business hours uses the after-hours mode and says why', () => {
    for (const routeKind of ['AI', 'USER', 'QUEUE'] as const) {
      expect(decideInboundRoute(number({ routeKind, routeUser: user }), org, main, fridayEvening, up)).toEqual({ kind: 'voicemail', reason: 'after hours: schedule Main, closed until Mon 09:00 → voicemail', greeting: DEFAULT_VOICEMAIL_GREETING, sayVoice: 'Polly.Joanna-Neural' })
    }
    expect(decideInboundRoute(number({ afterHoursMode: 'MESSAGE', afterHoursMessage: 'We open at nine.' }), org, main, fridayEvening, up)).toMatchObject({ kind: 'message', message: 'We open at nine.' })
    expect(decideInboundRoute(number({ afterHoursMode: 'AI', routeKind: 'USER', routeUser: user }), org, main, fridayEvening, up)).toMatchObject({ kind: 'ai', reason: 'after hours: schedule Main, closed until Mon 09:00 → AI receptionist' })
  })

  it('a holiday closes even on a weekday during the weekly hours', () => {
    expect(decideInboundRoute(number(), org, main, christmas, up)).toMatchObject({ kind: 'voicemail', reason: 'after hours: schedule Main, closed (Christmas) until Mon 09:00 → voicemail' })
  })

  it('an unknown or released number gets the not-in-service message', () => {
    expect(decideInboundRoute(null, org, null, openNow, up)).toEqual({ kind: 'unknown-number', reason: 'number not in service', sayVoice: 'Polly.Joanna-Neural' })
    expect(decideInboundRoute(number(), null, null, openNow, up).kind).toBe('unknown-number')
  })

  it('maps plans to the call log handler', () => {
    expect(['ai', 'user', 'queue', 'voicemail', 'message', 'unknown-number'].map((kind) => handlerOf({ kind } as never))).toEqual(['AI', 'AGENT', 'QUEUE', 'VOICEMAIL', 'MESSAGE', null])
  })
})

describe('decideAfterDial', () => {
  const n = number({ routeKind: 'USER', routeUser: user })
  it('ends after a conversation and sends busy / unanswered calls to the after-hours mode', () => {
    expect(decideAfterDial(n, org, 'completed', up)).toBeNull()
    expect(decideAfterDial(n, org, 'busy', up)).toMatchObject({ kind: 'voicemail', reason: 'Ada: busy → voicemail' })
    expect(decideAfterDial(n, org, 'no-answer', up)).toMatchObject({ kind: 'voicemail', reason: 'Ada: no answer → voicemail' })
    expect(decideAfterDial({ ...n, afterHoursMode: 'MESSAGE' }, org, 'failed', up)).toMatchObject({ kind: 'message' })
  })
})

const targets = { publicUrl: 'https://phone.example.com', mediaServerUrl: 'wss://media.example.com', holdMusicUrl: 'https://cdn.example.com/hold.mp3' }
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', parseTagValue: false, parseAttributeValue: false })
const parse = (xml: string) => parser.parse(xml).Response

describe('planTwiml', () => {
  it('AI: disclosure, then <Connect><Stream> to the media server with the signed token and both numbers', () => {
    const secret = 'x'.repeat(32)
    const token = signStreamToken({ callSid: `CA${'a'.repeat(32)}`, accountSid: `AC${'b'.repeat(32)}`, organizationId: 'org1', instructions: 'Be kind.', voice: 'alloy', greeting: 'Hello', audioFormat: 'pcmu' }, secret)
    const plan = decideInboundRoute(number(), org, null, openNow, up)
    const xml = planTwiml(plan, { from: '+14155550199', to: '+16175550123', streamToken: token }, targets)
    const response = parse(xml)
    expect(response.Say['#text']).toBe('This call may be recorded.')
    expect(response.Connect.action).toBe('https://phone.example.com/api/voice/stream-ended')
    expect(response.Connect.Stream.url).toBe('wss://media.example.com/media-stream')
    const params = Object.fromEntries(response.Connect.Stream.Parameter.map((p: { name: string; value: string }) => [p.name, p.value]))
    expect(params).toMatchObject({ from: '+14155550199', to: '+16175550123' })
    expect(verifyStreamToken(params.token, secret)).toMatchObject({ ok: true, session: { organizationId: 'org1' } })
    expect(() => planTwiml(plan, { from: 'a', to: 'b' }, targets)).toThrow(/stream token/)
  })

  it('user: the disclosure, then <Dial answerOnBridge timeout=30 callerId action record-from-answer-dual> to the client and the forwarding number', () => {
    const xml = planTwiml(decideInboundRoute(number({ routeKind: 'USER', routeUser: user }), org, null, openNow, up), { from: '+1', to: '+16175550123' }, targets)
    expect(parse(xml).Say['#text']).toBe('This call may be recorded.')
    const dial = parse(xml).Dial
    expect(dial).toMatchObject({ answerOnBridge: 'true', timeout: '30', callerId: '+16175550123', action: 'https://phone.example.com/api/voice/dial-status' })
    expect(dial).toMatchObject({ record: 'record-from-answer-dual', recordingStatusCallback: 'https://phone.example.com/api/voice/recording-status', recordingStatusCallbackEvent: 'completed absent' })
    const onDemand = parse(planTwiml(decideInboundRoute(number({ routeKind: 'USER', routeUser: user, recordingPolicy: 'ON_DEMAND' }), org, null, openNow, up), { from: '+1', to: '+2' }, targets))
    expect(onDemand.Say['#text']).toBe('This call may be recorded.')
    expect(onDemand.Dial.record).toBeUndefined()
    const none = parse(planTwiml(decideInboundRoute(number({ routeKind: 'USER', routeUser: user, recordingPolicy: 'NONE' }), org, null, openNow, up), { from: '+1', to: '+2' }, targets))
    expect(none.Say).toBeUndefined()
    expect(none.Dial.record).toBeUndefined()
    // The softphone card shows both numbers (the SDK's call.customParameters).
    expect(dial.Client).toMatchObject({ Identity: 'ada-123', statusCallback: 'https://phone.example.com/api/voice/status', statusCallbackEvent: 'initiated ringing answered completed' })
    expect(dial.Client.Parameter).toEqual([{ name: 'calledNumber', value: '+16175550123' }, { name: 'callerNumber', value: '+1' }])
    expect(dial.Number['#text']).toBe('+14155550100')
    const noForward = parse(planTwiml(decideInboundRoute(number({ routeKind: 'USER', routeUser: { ...user, forwardingNumber: null } }), org, null, openNow, up), { from: '+1', to: '+2' }, targets)).Dial
    expect(noForward.Number).toBeUndefined()
  })

  it('user with a bridge: the caller waits in the named conference on hold music, and their leaving ends it', () => {
    const plan = decideInboundRoute(number({ routeKind: 'USER', routeUser: user }), org, null, openNow, up)
    const response = parse(planTwiml(plan, { from: '+14155550199', to: '+16175550123', bridge: 'bridge-CA1' }, targets))
    expect(response.Say['#text']).toBe('This call may be recorded.')
    // Recorded through the Call Recordings API once someone answers (bridge.ts): no record attribute.
    expect(response.Dial).toEqual({
      action: 'https://phone.example.com/api/voice/dial-status',
      Conference: { '#text': 'bridge-CA1', startConferenceOnEnter: 'false', endConferenceOnExit: 'true', beep: 'false', participantLabel: 'customer', waitUrl: 'https://phone.example.com/api/voice/hold-music', waitMethod: 'POST' },
    })
    expect(parse(holdMusicTwiml(targets.holdMusicUrl)).Play).toBe(targets.holdMusicUrl)
  })

  it('queue: <Enqueue> with the wait URL; the wait TwiML says the position and plays hold music', () => {
    const enqueue = parse(planTwiml(decideInboundRoute(number({ routeKind: 'QUEUE', routeQueue: { id: 'q1', name: 'Support' } }), org, null, openNow, up), { from: '+1', to: '+2' }, targets)).Enqueue
    expect(enqueue).toMatchObject({ '#text': 'Support', waitUrl: 'https://phone.example.com/api/voice/queue-wait?voice=Polly.Joanna-Neural', action: 'https://phone.example.com/api/voice/dial-status' })
    const wait = parse(queueWaitTwiml(3, targets.holdMusicUrl))
    expect(wait.Say['#text']).toBe('You are number 3 in line. Thank you for waiting.')
    expect(wait.Play).toBe(targets.holdMusicUrl)
  })

  it('voicemail: greeting, <Record> 120 s with beep and transcription, both callbacks', () => {
    const response = parse(planTwiml(decideInboundRoute(number(), org, main, fridayEvening, up), { from: '+1', to: '+2' }, targets))
    expect(response.Say[0]['#text']).toBe(DEFAULT_VOICEMAIL_GREETING)
    expect(response.Record).toMatchObject({
      maxLength: '120', playBeep: 'true', transcribe: 'true',
      action: 'https://phone.example.com/api/voice/recording-complete?voice=Polly.Joanna-Neural',
      recordingStatusCallback: 'https://phone.example.com/api/voice/recording-complete',
      transcribeCallback: 'https://phone.example.com/api/voice/transcription-complete',
    })
    expect(response.Hangup).toBe('')
  })

  it('every prompt on a number’s call is spoken in its voice (the number’s, else the organization’s); without either, the default', () => {
    const coral = number({ voice: 'coral', afterHoursMode: 'MESSAGE', afterHoursMessage: 'Closed.' })
    const ash = { ...org, defaultVoice: 'ash' }
    const voices = (xml: string) => [...xml.matchAll(/<Say voice="([^"]+)"/g)].map((m) => m[1])
    // after hours: the closed message; the number's voice wins over the organization's
    expect(voices(planTwiml(decideInboundRoute(coral, ash, main, fridayEvening, up), { from: '+1', to: '+2' }, targets))).toEqual(['Polly.Ruth-Neural'])
    // the voicemail greeting and its no-message line, and the thank-you the Record action answers
    const voicemail = planTwiml(decideInboundRoute(number(), ash, main, fridayEvening, up), { from: '+1', to: '+2' }, targets)
    expect(voices(voicemail)).toEqual(['Polly.Matthew-Neural', 'Polly.Matthew-Neural'])
    expect(voicemail).toContain('action="https://phone.example.com/api/voice/recording-complete?voice=Polly.Matthew-Neural"')
    // the recording disclosure before the AI, and the queue's wait URL for its announcements
    const ai = decideInboundRoute(number({ voice: 'sage' }), org, null, openNow, up)
    expect(voices(planTwiml(ai, { from: '+1', to: '+2', streamToken: 't' }, targets))).toEqual(['Polly.Danielle-Neural'])
    const queued = planTwiml(decideInboundRoute(number({ routeKind: 'QUEUE', routeQueue: { id: 'q1', name: 'Support' }, voice: 'echo' }), org, null, openNow, up), { from: '+1', to: '+2' }, targets)
    expect(queued).toContain('waitUrl="https://phone.example.com/api/voice/queue-wait?voice=Polly.Gregory-Neural"')
    expect(voices(queueWaitTwiml(2, targets.holdMusicUrl, 'Polly.Gregory-Neural'))).toEqual(['Polly.Gregory-Neural'])
    // an unknown number still speaks in the organization's voice; an unknown setting falls back to the default
    expect(decideInboundRoute(null, ash, null, openNow, up).sayVoice).toBe('Polly.Matthew-Neural')
    expect(decideInboundRoute(number({ voice: 'not-a-voice' }), org, null, openNow, up).sayVoice).toBe(DEFAULT_SAY_VOICE)
    expect(voices(apologyTwiml('https://phone.example.com'))).toEqual([DEFAULT_SAY_VOICE, DEFAULT_SAY_VOICE])
    expect(sayVoiceIn(new URL('https://phone.example.com/api/voice/queue-wait?voice=Polly.Ruth-Neural'))).toBe('Polly.Ruth-Neural')
    expect(sayVoiceIn(new URL('https://phone.example.com/api/voice/queue-wait?voice=Polly.Nobody'))).toBe(DEFAULT_SAY_VOICE)
  })

  it('message and unknown number: speak and hang up', () => {
    const message = parse(planTwiml({ kind: 'message', reason: '', message: 'Closed today.', sayVoice: 'Polly.Joanna-Neural' }, { from: '+1', to: '+2' }, targets))
    expect(message.Say['#text']).toBe('Closed today.')
    expect(message.Hangup).toBe('')
    const unknown = parse(planTwiml({ kind: 'unknown-number', reason: '', sayVoice: 'Polly.Joanna-Neural' }, { from: '+1', to: '+2' }, targets))
    expect(unknown.Say['#text']).toMatch(/not in service/)
  })
})
