import { describe, expect, it } from 'vitest'
import { clearMessage, markMessage, markNameFast, mediaMessage, mediaPayloadFast, parseTwilioMessage } from './twilio-stream'

// Shapes from https://www.twilio.com/docs/voice/media-streams/websocket-messages
const start = {
  event: 'start',
  sequenceNumber: '1',
  start: {
    accountSid: 'AC0123',
    streamSid: 'MZ0123',
    callSid: 'CA0123',
    tracks: ['inbound'],
    mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
    customParameters: { token: 'abc.def' },
  },
  streamSid: 'MZ0123',
}

describe('Twilio Media Streams messages', () => {
  it('parses start, media, mark, dtmf and stop, keeping fields Twilio may add', () => {
    const parsed = parseTwilioMessage(JSON.stringify({ ...start, newField: 1 }))
    expect(parsed).toMatchObject({ ok: true, message: { event: 'start', start: { customParameters: { token: 'abc.def' } }, newField: 1 } })
    const media = { event: 'media', sequenceNumber: '3', media: { track: 'inbound', chunk: '1', timestamp: '5', payload: 'f39/' }, streamSid: 'MZ0123' }
    expect(parseTwilioMessage(JSON.stringify(media))).toMatchObject({ ok: true, message: media })
    expect(parseTwilioMessage('{"event":"mark","sequenceNumber":"4","streamSid":"MZ1","mark":{"name":"7"}}')).toMatchObject({ ok: true })
    expect(parseTwilioMessage('{"event":"dtmf","streamSid":"MZ1","sequenceNumber":"5","dtmf":{"track":"inbound_track","digit":"1"}}')).toMatchObject({ ok: true })
    expect(parseTwilioMessage('{"event":"stop","sequenceNumber":"6","streamSid":"MZ1","stop":{"accountSid":"AC1","callSid":"CA1"}}')).toMatchObject({ ok: true })
  })

  it('rejects what is not a valid message, saying why', () => {
    expect(parseTwilioMessage('not json')).toEqual({ ok: false, reason: 'not JSON' })
    expect(parseTwilioMessage('{"event":"media","streamSid":"MZ1"}')).toMatchObject({ ok: false, reason: expect.stringMatching(/^invalid media message/) })
    expect(parseTwilioMessage('{"event":"teleport"}')).toMatchObject({ ok: false })
  })

  it('builds the outbound messages of a bidirectional stream', () => {
    expect(JSON.parse(mediaMessage('MZ1', Uint8Array.of(0xff, 0x7f)))).toEqual({ event: 'media', streamSid: 'MZ1', media: { payload: '/38=' } })
    expect(JSON.parse(markMessage('MZ1', '12'))).toEqual({ event: 'mark', streamSid: 'MZ1', mark: { name: '12' } })
    expect(JSON.parse(clearMessage('MZ1'))).toEqual({ event: 'clear', streamSid: 'MZ1' })
  })

  it('takes the payload of a media message on the fast path, and leaves anything unusual to the full parser', () => {
    // Twilio's own field order (the docs' example), and ours in the test peer.
    expect(mediaPayloadFast('{"event":"media","sequenceNumber":"3","media":{"track":"inbound","chunk":"1","timestamp":"5","payload":"f39/"},"streamSid":"MZ0123"}')).toBe('f39/')
    expect(mediaPayloadFast('{"event":"media","sequenceNumber":"3","streamSid":"MZ1","media":{"track":"inbound","chunk":"1","timestamp":"5","payload":"/38="}}')).toBe('/38=')
    expect(mediaPayloadFast('{"event":"mark","streamSid":"MZ1","mark":{"name":"7"}}')).toBeUndefined()
    expect(mediaPayloadFast('{ "event": "media", "media": { "payload": "f39/" } }')).toBeUndefined()
    expect(mediaPayloadFast('{"event":"media","media":{"payload":"f3\\/9"}}')).toBeUndefined()
    expect(mediaPayloadFast('{"event":"media","media":{"payload":"not base64!"}}')).toBeUndefined()
    expect(mediaPayloadFast('{"event":"media","media":{"payload":"f39/')).toBeUndefined()
    expect(mediaPayloadFast('{"event":"mediaX","media":{"payload":"f39/"}}')).toBeUndefined()
  })

  it('takes the name of one of our mark echoes on the fast path, and nothing else', () => {
    expect(markNameFast('{"event":"mark","sequenceNumber":"4","streamSid":"MZ1","mark":{"name":"17"}}')).toBe('17')
    expect(markNameFast('{"event":"mark","sequenceNumber":"4","streamSid":"MZ1","mark":{"name":"responsePart"}}')).toBeUndefined()
    expect(markNameFast('{"event":"media","media":{"payload":"f39/"}}')).toBeUndefined()
    expect(markNameFast('{"event":"mark","mark":{"name":"1')).toBeUndefined()
  })

  it('quotes a stream sid it did not make', () => {
    expect(JSON.parse(mediaMessage('MZ"1', Uint8Array.of(0xff)))).toEqual({ event: 'media', streamSid: 'MZ"1', media: { payload: '/w==' } })
    expect(JSON.parse(markMessage('MZ"1', '3')).streamSid).toBe('MZ"1')
  })
})
