import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { buffer } from 'node:stream/consumers'
import twilio from 'twilio'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testPrisma } from '@/lib/db/test-database'
import { recordingJobs } from '@/lib/recordings/recording-jobs'
import { recordingObjectKey } from '@/lib/recordings/transfer'
import { scopedDb } from '@/lib/tenancy/scoped-db'
import { callRoute } from '@/lib/testing/api'
import { addMember, uniqueEmail } from '@/lib/testing/factories'
import { eventually, startTestJobs } from '@/lib/testing/jobs'
import { startS3Sandbox, type S3Sandbox } from '@/sandbox/s3/index'
import { decodeWav, encodeWav } from '@/sandbox/twilio/audio/wav'
import { newSid } from '@/sandbox/twilio/store'
import * as recordingControl from '../calls/[id]/recording/route'
import { control, provisionedOrganization, startVoiceStack, type NumberRoute, type VoiceStack } from './voice-test-stack'

// Recorded sandbox calls end to end: the sandbox records (<Dial record>, or the Call Recordings
// API the start-recording job calls for the AI), sends the signed recording status callback to
// our webhook, and the transfer job streams the media into the local S3. Real HTTP between all
// three, the real job queue, the embedded database.

const BUCKET = 'hekax-recordings'
const CALLER = '+14155550143'

describe('recorded calls reach S3', () => {
  const prisma = testPrisma()
  const dir = mkdtempSync(path.join(tmpdir(), 'hekax-call-recordings-'))
  const previousS3 = process.env.SANDBOX_S3_URL
  let s3: S3Sandbox
  let stack: VoiceStack
  let org: Awaited<ReturnType<typeof provisionedOrganization>>

  beforeAll(async () => {
    s3 = await startS3Sandbox({ dir })
    s3.store.createBucket(BUCKET)
    process.env.SANDBOX_S3_URL = s3.endpoint
    stack = await startVoiceStack()
    org = await provisionedOrganization(prisma, stack, 'call-recordings')
    await startTestJobs(recordingJobs(prisma, { retryDelaySeconds: 1 }))
  })
  afterAll(async () => {
    await stack?.close()
    await s3?.close()
    if (previousS3 === undefined) delete process.env.SANDBOX_S3_URL
    else process.env.SANDBOX_S3_URL = previousS3
    rmSync(dir, { recursive: true, force: true })
  })

  const db = () => scopedDb(prisma, org.organizationId)
  const ended = (sid: string) => ['completed', 'busy', 'no-answer', 'failed', 'canceled'].includes(stack.sandbox.store.calls.get(sid)!.status)

  async function advanceUntil(done: () => boolean, limitMs = 240_000) {
    for (let elapsed = 0; !done(); elapsed += 500) {
      if (elapsed > limitMs) throw new Error('the call did not get there in time')
      await stack.clock.advance(500)
    }
  }

  async function line(route: NumberRoute) {
    return org.buyNumber(route)
  }

  const stored = (recordingSid: string) =>
    eventually(async () => {
      const row = await db().recording.findUnique({ where: { recordingSid } })
      return row?.status === 'STORED' && row.deletedFromTwilio ? row : null
    }, `recording ${recordingSid} stored`)

  async function objectWav(recordingSid: string) {
    const key = recordingObjectKey(org.organizationId, recordingSid)
    return { head: s3.store.head(BUCKET, key), wav: decodeWav(await buffer(s3.store.read(BUCKET, key))) }
  }

  const peak = (samples: Int16Array) => samples.reduce((max, s) => Math.max(max, Math.abs(s)), 0)

  function recordingCallbacks(sid: string) {
    return stack.sandbox.engine.events(sid).filter((e) => e.type === 'webhook' && (e.detail as { purpose: string }).purpose === 'recording-status-callback').map((e) => (e.detail as { request: { url: string; params: Record<string, string>; signature: string } }).request)
  }

  it('a call to a person is recorded in two channels from the answer and lands in S3 encrypted, exactly once, then leaves Twilio', async () => {
    await control(stack, 'PUT', `/outside-numbers/${encodeURIComponent('+14155550181')}`, { behavior: 'answer', ringSeconds: 2 })
    const user = await prisma.user.update({ where: { id: org.ownerId }, data: { forwardingNumber: '+14155550181' } })
    const number = await line({ routeKind: 'USER', routeUserId: user.id })
    const { sid } = (await control(stack, 'POST', '/calls', { from: CALLER, to: number.e164 })) as { sid: string }
    await advanceUntil(() => stack.sandbox.engine.events(sid).some((e) => e.type === 'dial' && e.summary.startsWith('bridged')), 30_000)
    await control(stack, 'POST', `/calls/${sid}/audio`, { tone: { hz: 440, ms: 2000 } })
    await stack.clock.advance(4000)
    await control(stack, 'POST', `/calls/${sid}/hangup`, {})
    await advanceUntil(() => ended(sid))
    await stack.clock.advance(2000)

    const [callback] = recordingCallbacks(sid)
    expect(callback).toMatchObject({ url: `${stack.app.baseUrl}/api/voice/recording-status`, params: expect.objectContaining({ RecordingStatus: 'completed', RecordingChannels: '2', RecordingSource: 'DialVerb' }) })
    const recordingSid = callback!.params.RecordingSid!
    const row = await stored(recordingSid)
    const call = await db().callLog.findUniqueOrThrow({ where: { callSid: sid } })
    expect(row).toMatchObject({ callLogId: call.id, callSid: sid, channels: 2, source: 'DialVerb', contentType: 'audio/wav', s3Key: recordingObjectKey(org.organizationId, recordingSid) })
    expect(row.durationSeconds).toBeGreaterThanOrEqual(4)
    const { head, wav } = await objectWav(recordingSid)
    expect(head).toMatchObject({ serverSideEncryption: 'AES256', size: row.sizeBytes })
    expect(wav.channels).toHaveLength(2)
    expect(peak(wav.channels[0]!)).toBeGreaterThan(5000) // the caller's tone on the caller's channel
    expect(stack.sandbox.store.recordings.has(recordingSid)).toBe(false)

    // Twilio retries a callback it thinks failed: the replay changes nothing and makes no second object.
    const replay = await fetch(callback!.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': callback!.signature }, body: new URLSearchParams(callback!.params) })
    expect(replay.status).toBe(200)
    await new Promise((resolve) => setTimeout(resolve, 2000))
    expect(s3.store.list(BUCKET, `organizations/${org.organizationId}/`).filter((o) => o.key.includes(recordingSid))).toHaveLength(1)
    expect(await db().recording.count({ where: { recordingSid } })).toBe(1)
  })

  it('an AI call is recorded through the Call Recordings API; its voicemail goes to S3 the same way, with the voicemail pointing at it', async () => {
    const number = await line({ routeKind: 'AI' })
    const { sid } = (await control(stack, 'POST', '/calls', { from: CALLER, to: number.e164 })) as { sid: string }
    // The start-recording job asks the sandbox while the call says the disclosure.
    const callRecording = await eventually(async () => [...stack.sandbox.store.recordings.values()].find((r) => r.callSid === sid && r.source === 'StartCallRecording'), 'the AI call recording to start')
    expect(callRecording).toMatchObject({ status: 'in-progress', channels: 2 })
    // The stream cannot open (nothing listens): the caller goes to voicemail and leaves a message.
    await advanceUntil(() => stack.sandbox.engine.events(sid).some((e) => e.type === 'twiml' && e.summary.startsWith('<Record>')))
    await stack.clock.advance(1500)
    await control(stack, 'POST', `/calls/${sid}/audio`, { say: 'Please call me back about my order.' })
    await advanceUntil(() => ended(sid))
    await stack.clock.advance(5000)

    const call = await stored(callRecording.sid)
    expect(call).toMatchObject({ source: 'StartCallRecording', channels: 2 })
    expect((await objectWav(callRecording.sid)).head?.serverSideEncryption).toBe('AES256')
    const [voicemail] = await db().voicemail.findMany({ where: { callSid: sid } })
    const message = await stored(voicemail!.recordingSid)
    expect(message).toMatchObject({ source: 'RecordVerb', channels: 1 })
    expect(await eventually(async () => (await db().voicemail.findUniqueOrThrow({ where: { id: voicemail!.id } })).recordingId, 'the voicemail linked')).toBe(message.id)
  })

  it('on demand: no recording until a member starts it from the call; pause leaves a stretch out; stop ends it', async () => {
    await control(stack, 'PUT', `/outside-numbers/${encodeURIComponent('+14155550182')}`, { behavior: 'answer', ringSeconds: 2 })
    const user = await prisma.user.update({ where: { id: org.ownerId }, data: { forwardingNumber: '+14155550182' } })
    const number = await line({ routeKind: 'USER', routeUserId: user.id, recordingPolicy: 'ON_DEMAND' })
    const { sid } = (await control(stack, 'POST', '/calls', { from: CALLER, to: number.e164 })) as { sid: string }
    await advanceUntil(() => stack.sandbox.engine.events(sid).some((e) => e.type === 'dial' && e.summary.startsWith('bridged')), 30_000)
    expect([...stack.sandbox.store.recordings.values()].filter((r) => r.callSid === sid)).toEqual([])
    const call = await db().callLog.findUniqueOrThrow({ where: { callSid: sid } })
    const act = (as: string, action: string) => callRoute(recordingControl.POST, { as, method: 'POST', url: `/api/calls/${call.id}/recording`, params: { id: call.id }, body: { action } })
    const stranger = await addMember(prisma, org.organizationId, { id: org.ownerId, role: 'OWNER' }, { name: 'Sam Stranger', email: uniqueEmail('stranger'), role: 'AGENT' })
    expect((await act(stranger.id, 'start')).status).toBe(403)
    expect(await act(org.ownerId, 'start')).toMatchObject({ status: 200, body: { status: 'started' } })
    await stack.clock.advance(2000)
    expect(await act(org.ownerId, 'pause')).toMatchObject({ status: 200, body: { status: 'paused' } })
    await stack.clock.advance(3000)
    expect(await act(org.ownerId, 'resume')).toMatchObject({ status: 200, body: { status: 'in-progress' } })
    await stack.clock.advance(2000)
    expect(await act(org.ownerId, 'stop')).toMatchObject({ status: 200, body: { status: 'stopped' } })
    await stack.clock.advance(2000)
    const [recording] = [...stack.sandbox.store.recordings.values()].filter((r) => r.callSid === sid)
    const row = await stored(recording!.sid)
    expect(row).toMatchObject({ source: 'StartCallRecording', channels: 2, durationSeconds: 4 })
    expect(await db().auditLog.count({ where: { targetId: call.id, action: { startsWith: 'recording.' } } })).toBe(4)
    await control(stack, 'POST', `/calls/${sid}/hangup`, {})
    await advanceUntil(() => ended(sid))
  })

  it('a recording callback for a call we have no log of keeps the recording, without a call', async () => {
    const recordingSid = newSid('RE')
    const callSid = newSid('CA')
    const now = new Date()
    stack.sandbox.store.recordings.set(recordingSid, { sid: recordingSid, accountSid: org.accountSid, callSid, status: 'completed', channels: 1, source: 'DialVerb', track: 'both', duration: 1, startTime: now, errorCode: null, wav: encodeWav([new Int16Array(8000)]), dateCreated: now, dateUpdated: now })
    const url = `${stack.app.baseUrl}/api/voice/recording-status`
    const params = { AccountSid: org.accountSid, CallSid: callSid, RecordingSid: recordingSid, RecordingStatus: 'completed', RecordingChannels: '1', ErrorCode: '0' }
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(org.authToken, url, params) }, body: new URLSearchParams(params) })
    expect(response.status).toBe(200)
    expect(await stored(recordingSid)).toMatchObject({ callLogId: null, callSid })
  })

  it('a recording Twilio reports absent is marked failed with its error code, and nothing is fetched', async () => {
    const url = `${stack.app.baseUrl}/api/voice/recording-status`
    const params = { AccountSid: org.accountSid, CallSid: newSid('CA'), RecordingSid: newSid('RE'), RecordingStatus: 'absent', ErrorCode: '13617' }
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(org.authToken, url, params) }, body: new URLSearchParams(params) })
    expect(response.status).toBe(200)
    expect(await db().recording.findUniqueOrThrow({ where: { recordingSid: params.RecordingSid } })).toMatchObject({ status: 'FAILED', failureReason: 'Twilio reports the recording absent (error 13617)' })
  })
})
