import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testPrisma } from '@/lib/db/test-database'
import { sealedSecretColumns } from '@/lib/provisioning/organization-secrets'
import { createObjectStore, type ObjectStore } from '@/lib/storage/object-store'
import { createTwilioClient, sandboxUri } from '@/lib/telephony/twilio-client'
import { createOrganization } from '@/lib/testing/factories'
import { encodeWav } from '@/sandbox/twilio/audio/wav'
import { tone } from '@/sandbox/twilio/audio/tones'
import { startS3Sandbox, type S3Sandbox } from '@/sandbox/s3/index'
import { startTwilioSandbox, type TwilioSandbox } from '@/sandbox/twilio/index'
import { newSid } from '@/sandbox/twilio/store'
import { recordingObjectKey, RecordingNotReady, transferRecording, type TransferDependencies } from './transfer'

// A recording's trip from the Twilio sandbox to the local S3, both real HTTP peers.
describe('moving a recording to S3', () => {
  const db = testPrisma()
  const dir = mkdtempSync(path.join(tmpdir(), 'hekax-transfer-'))
  let twilio: TwilioSandbox
  let s3: S3Sandbox
  let store: ObjectStore
  let organizationId: string
  let accountSid: string

  beforeAll(async () => {
    twilio = await startTwilioSandbox({ port: 0 })
    s3 = await startS3Sandbox({ dir })
    s3.store.createBucket('hekax-recordings')
    store = createObjectStore({ bucket: 'hekax-recordings', region: s3.region, endpoint: s3.endpoint, credentials: s3.credentials })
    const parent = createTwilioClient({ accountSid: twilio.accountSid, authToken: twilio.authToken }, { sandboxBaseUrl: twilio.baseUrl })
    const subaccount = await parent.api.v2010.accounts.create({ friendlyName: 'HEKAX - transfer' })
    accountSid = subaccount.sid
    ;({ organizationId } = await createOrganization(db, 'transfer'))
    await db.organization.update({ where: { id: organizationId }, data: { twilioAccountSid: accountSid, ...sealedSecretColumns(organizationId, { authToken: subaccount.authToken, apiKeySecret: 'unused' }) } })
  })
  afterAll(async () => {
    store.close()
    await Promise.all([twilio.close(), s3.close()])
    rmSync(dir, { recursive: true, force: true })
  })

  const deps = (deleteFromTwilio = true): TransferDependencies => ({
    db,
    store,
    twilioClient: (credentials) => createTwilioClient(credentials, { sandboxBaseUrl: twilio.baseUrl }),
    mediaUrl: (url) => sandboxUri(url, twilio.baseUrl),
    deleteFromTwilio,
  })

  /** A dual-channel recording at the sandbox (caller 440 Hz, agent 880 Hz) and its PENDING row. */
  async function recordingAtTwilio(status: 'completed' | 'in-progress' = 'completed') {
    const sid = newSid('RE')
    const wav = encodeWav([tone(440, 2000), tone(880, 2000)])
    const now = new Date()
    twilio.store.recordings.set(sid, { sid, accountSid, callSid: newSid('CA'), status, channels: 2, source: 'DialVerb', track: 'both', duration: 2, startTime: now, errorCode: null, wav, dateCreated: now, dateUpdated: now })
    await db.recording.create({ data: { organizationId, recordingSid: sid } })
    return { sid, wav }
  }

  it('streams it to S3 encrypted, verifies it, records it, and only then deletes it at Twilio — once', async () => {
    const { sid, wav } = await recordingAtTwilio()
    expect(await transferRecording(deps(), organizationId, sid)).toBe('stored')

    const key = recordingObjectKey(organizationId, sid)
    expect(s3.store.head('hekax-recordings', key)).toMatchObject({ size: wav.length, serverSideEncryption: 'AES256', contentType: 'audio/wav' })
    expect(await db.recording.findUniqueOrThrow({ where: { recordingSid: sid } })).toMatchObject({ status: 'STORED', s3Key: key, sizeBytes: wav.length, channels: 2, durationSeconds: 2, deletedFromTwilio: true })
    expect(twilio.store.recordings.has(sid)).toBe(false)

    // A duplicated callback runs the job again: nothing changes, no second object.
    expect(await transferRecording(deps(), organizationId, sid)).toBe('already-stored')
    expect(s3.store.list('hekax-recordings', `organizations/${organizationId}/recordings/${sid}`)).toHaveLength(1)
  })

  it('waits for a recording Twilio is still processing, touching nothing', async () => {
    const { sid } = await recordingAtTwilio('in-progress')
    await expect(transferRecording(deps(), organizationId, sid)).rejects.toBeInstanceOf(RecordingNotReady)
    expect((await db.recording.findUniqueOrThrow({ where: { recordingSid: sid } })).status).toBe('PENDING')
    expect(twilio.store.recordings.has(sid)).toBe(true)
    expect(await store.exists(recordingObjectKey(organizationId, sid))).toBe(false)

    twilio.store.recordings.get(sid)!.status = 'completed'
    expect(await transferRecording(deps(), organizationId, sid)).toBe('stored')
  })

  it('keeps Twilio’s copy when configured to, and marks a recording Twilio no longer has as failed', async () => {
    const kept = await recordingAtTwilio()
    expect(await transferRecording(deps(false), organizationId, kept.sid)).toBe('stored')
    expect(twilio.store.recordings.has(kept.sid)).toBe(true)

    const gone = await recordingAtTwilio()
    twilio.store.recordings.delete(gone.sid)
    expect(await transferRecording(deps(), organizationId, gone.sid)).toBe('failed')
    expect((await db.recording.findUniqueOrThrow({ where: { recordingSid: gone.sid } })).status).toBe('FAILED')
  })

  // Each fault leaves the recording PENDING, S3 without a half-written object and Twilio's copy in
  // place; the next attempt (the job's retry) stores it.
  async function failsThenStores(sid: string, attempt: () => Promise<unknown>, expected: RegExp) {
    await expect(attempt()).rejects.toThrow(expected)
    expect((await db.recording.findUniqueOrThrow({ where: { recordingSid: sid } })).status).toBe('PENDING')
    expect(await store.exists(recordingObjectKey(organizationId, sid))).toBe(false)
    expect(twilio.store.recordings.has(sid)).toBe(true)
    expect(await transferRecording(deps(), organizationId, sid)).toBe('stored')
    expect(twilio.store.recordings.has(sid)).toBe(false)
  }

  it('a cut download stores nothing', async () => {
    const { sid } = await recordingAtTwilio()
    twilio.faults.add({ method: 'GET', path: new RegExp(`/Recordings/${sid}\\.wav$`), kind: 'truncate' })
    await failsThenStores(sid, () => transferRecording(deps(), organizationId, sid), /terminated|cut short|aborted|socket/i)
  })

  it('media Twilio answers 404 for is retried, not stored', async () => {
    const { sid } = await recordingAtTwilio()
    twilio.faults.add({ method: 'GET', path: new RegExp(`/Recordings/${sid}\\.wav$`), kind: 'error', status: 404, code: 20404, message: 'The requested resource was not found' })
    await failsThenStores(sid, () => transferRecording(deps(), organizationId, sid), /answered 404/)
  })

  it('an object S3 stored damaged (its checksum does not match) is removed, never recorded', async () => {
    const { sid } = await recordingAtTwilio()
    s3.faults.corruptWrites = 1
    await failsThenStores(sid, () => transferRecording(deps(), organizationId, sid), /S3 holds/)
  })

  it('S3 down: the transfer fails and succeeds once S3 is back', async () => {
    const { sid } = await recordingAtTwilio()
    const port = s3.port
    await s3.close()
    await expect(transferRecording(deps(), organizationId, sid)).rejects.toThrow(/ECONNREFUSED|connect/i)
    expect(twilio.store.recordings.has(sid)).toBe(true)
    expect((await db.recording.findUniqueOrThrow({ where: { recordingSid: sid } })).status).toBe('PENDING')
    s3 = await startS3Sandbox({ dir, port })
    expect(await transferRecording(deps(), organizationId, sid)).toBe('stored')
  })
})
