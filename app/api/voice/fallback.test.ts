import { randomBytes } from 'node:crypto'
import { createServer } from 'node:net'
import twilio from 'twilio'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { XMLParser } from 'fast-xml-parser'
import * as fallback from './fallback/route'
import * as incoming from './incoming/route'
import * as recordingComplete from './recording-complete/route'

// With the database unreachable the fallback URL still answers an apology and a <Record>, and
// neither it nor any other webhook answers the caller with an application error. Nothing here
// starts a database: DATABASE_URL points at a port that refuses connections.

const PUBLIC_URL = 'https://phone.example.test'
const accountSid = `AC${randomBytes(16).toString('hex')}`
const params = { AccountSid: accountSid, CallSid: `CA${randomBytes(16).toString('hex')}`, From: '+14155550142', To: '+16175550123', CallStatus: 'ringing', Direction: 'inbound', ErrorCode: '11200', ErrorUrl: `${PUBLIC_URL}/api/voice/incoming` }

function signed(path: string, body: Record<string, string>, token = randomBytes(16).toString('hex')) {
  const url = `${PUBLIC_URL}${path}`
  return new Request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(token, url, body) },
    body: new URLSearchParams(body),
  })
}

// Test files share worker processes: the process-wide Prisma client and environment are put back afterwards.
const globals = globalThis as { hekaxPrisma?: { $disconnect(): Promise<void> } }
const saved = { client: globals.hekaxPrisma, env: { PUBLIC_URL: process.env.PUBLIC_URL, DATABASE_URL: process.env.DATABASE_URL } }

describe('with the database down', () => {
  let refusing: ReturnType<typeof createServer>
  beforeAll(async () => {
    delete globals.hekaxPrisma
    // A port that accepts and drops connections at once: the database is "down".
    refusing = createServer((socket) => socket.destroy())
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve))
    const port = (refusing.address() as { port: number }).port
    Object.assign(process.env, { PUBLIC_URL, DATABASE_URL: `postgresql://hekax:hekax@127.0.0.1:${port}/hekax` })
  })
  afterAll(async () => {
    await globals.hekaxPrisma?.$disconnect()
    globals.hekaxPrisma = saved.client
    for (const [name, value] of Object.entries(saved.env)) value === undefined ? delete process.env[name] : (process.env[name] = value)
    await new Promise((resolve) => refusing.close(resolve))
  })

  it('the fallback URL answers valid TwiML that apologises and records a message', async () => {
    const response = await fallback.POST(signed('/api/voice/fallback', params))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/xml; charset=utf-8')
    const twiml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(await response.text()).Response
    expect(twiml.Say[0]['#text']).toMatch(/^We are sorry, we are having trouble connecting your call/)
    expect(twiml.Record).toMatchObject({ maxLength: '120', action: `${PUBLIC_URL}/api/voice/recording-complete?voice=Polly.Joanna-Neural`, recordingStatusCallback: `${PUBLIC_URL}/api/voice/recording-complete` })
  })

  it('the fallback refuses a request without AccountSid', async () => {
    const { AccountSid: _, ...rest } = params
    expect((await fallback.POST(signed('/api/voice/fallback', rest))).status).toBe(403)
  })

  it('the voice URL answers the apology TwiML rather than an error', async () => {
    const response = await incoming.POST(signed('/api/voice/incoming', params))
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('<Record maxLength="120"')
  })

  it('a recording callback answers 500 so Twilio retries it once the database is back', async () => {
    const callback = { AccountSid: accountSid, CallSid: params.CallSid, RecordingSid: `RE${randomBytes(16).toString('hex')}`, RecordingStatus: 'completed', RecordingUrl: 'https://api.twilio.com/x', RecordingDuration: '7' }
    expect((await recordingComplete.POST(signed('/api/voice/recording-complete', callback))).status).toBe(500)
  })
})
