import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { buffer } from 'node:stream/consumers'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { testPrisma } from '@/lib/db/test-database'
import { sealedSecretColumns } from '@/lib/provisioning/organization-secrets'
import { createTwilioClient } from '@/lib/telephony/twilio-client'
import { createOrganization } from '@/lib/testing/factories'
import { eventually, testJobSchema } from '@/lib/testing/jobs'
import { startS3Sandbox, type S3Sandbox } from '@/sandbox/s3/index'
import { tone } from '@/sandbox/twilio/audio/tones'
import { encodeWav } from '@/sandbox/twilio/audio/wav'
import { startTwilioSandbox, type TwilioSandbox } from '@/sandbox/twilio/index'
import { newSid } from '@/sandbox/twilio/store'
import { recordingObjectKey } from './transfer'

// The app dies in the middle of a transfer: a real child process running the recording jobs is
// killed with SIGKILL while its multipart upload is under way, then started again. The
// recording must arrive in S3 exactly once, and leave Twilio only after S3 holds it whole.

const BUCKET = 'hekax-recordings'

describe('a transfer survives the app being killed mid-upload', () => {
  const db = testPrisma()
  const dir = mkdtempSync(path.join(tmpdir(), 'hekax-crash-'))
  const schema = testJobSchema()
  const children: ChildProcess[] = []
  let twilio: TwilioSandbox
  let s3: S3Sandbox
  let organizationId: string
  let accountSid: string
  let onPart: (partNumber: number) => void = () => {}
  const completedUploads: string[] = []

  beforeAll(async () => {
    twilio = await startTwilioSandbox({ port: 0 })
    s3 = await startS3Sandbox({
      dir,
      onRequest: ({ method, key, query }) => {
        if (method === 'PUT' && query.has('partNumber')) onPart(Number(query.get('partNumber')))
        if (method === 'POST' && query.has('uploadId')) completedUploads.push(key)
      },
    })
    s3.store.createBucket(BUCKET)
    const parent = createTwilioClient({ accountSid: twilio.accountSid, authToken: twilio.authToken }, { sandboxBaseUrl: twilio.baseUrl })
    const subaccount = await parent.api.v2010.accounts.create({ friendlyName: 'HEKAX - crash' })
    accountSid = subaccount.sid
    ;({ organizationId } = await createOrganization(db, 'crash'))
    await db.organization.update({ where: { id: organizationId }, data: { twilioAccountSid: accountSid, ...sealedSecretColumns(organizationId, { authToken: subaccount.authToken, apiKeySecret: 'unused' }) } })
  })
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    await Promise.all([twilio.close(), s3.close()])
    rmSync(dir, { recursive: true, force: true })
  })

  function startWorker(): ChildProcess {
    // One process, with tsx as a loader (its CLI would run the script in a grandchild that SIGKILL would miss).
    const child = spawn(process.execPath, ['--import', 'tsx', 'lib/recordings/testing/transfer-worker.ts'], {
      env: { ...process.env, DATABASE_URL: inject('databaseUrl'), JOB_SCHEMA: schema, ORGANIZATION_ID: organizationId, SANDBOX_URL: twilio.baseUrl, SANDBOX_S3_URL: s3.endpoint, SANDBOX_ACCOUNT_SID: twilio.accountSid, SANDBOX_AUTH_TOKEN: twilio.authToken },
      stdio: ['ignore', 'inherit', 'inherit'],
    })
    children.push(child)
    return child
  }

  const exited = (child: ChildProcess) => new Promise<NodeJS.Signals | number | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)))

  it('arrives exactly once after a restart, and is deleted at Twilio only once stored', { timeout: 120_000 }, async () => {
    // Ten minutes of two-channel audio: about 19 MB, four multipart parts.
    const sid = newSid('RE')
    const wav = encodeWav([tone(440, 600_000), tone(880, 600_000)])
    const now = new Date()
    twilio.store.recordings.set(sid, { sid, accountSid, callSid: newSid('CA'), status: 'completed', channels: 2, source: 'DialVerb', track: 'both', duration: 600, startTime: now, errorCode: null, wav, dateCreated: now, dateUpdated: now })
    await db.recording.create({ data: { organizationId, recordingSid: sid } })
    const key = recordingObjectKey(organizationId, sid)

    // Twilio's copy may go only once S3 holds the whole object: noted at the moment of deletion.
    const deletions: { objectInS3: boolean }[] = []
    const recordings = twilio.store.recordings
    const remove = recordings.delete.bind(recordings)
    recordings.delete = (recordingSid: string) => {
      if (recordingSid === sid) deletions.push({ objectInS3: s3.store.head(BUCKET, key)?.size === wav.length })
      return remove(recordingSid)
    }

    // The first run is killed the moment its second part starts: one part is in S3, the object is not.
    const first = startWorker()
    const killed = new Promise<void>((resolve) => {
      onPart = (partNumber) => {
        if (partNumber < 2) return
        onPart = () => {}
        first.kill('SIGKILL')
        resolve()
      }
    })
    await killed
    expect(await exited(first)).toBe('SIGKILL')
    expect(s3.store.head(BUCKET, key)).toBeUndefined()
    expect(completedUploads).toEqual([])
    expect(twilio.store.recordings.has(sid)).toBe(true)
    expect((await db.recording.findUniqueOrThrow({ where: { recordingSid: sid } })).status).toBe('PENDING')

    // The restarted app finds the recording still waiting and moves it.
    const second = startWorker()
    const row = await eventually(async () => {
      const current = await db.recording.findUniqueOrThrow({ where: { recordingSid: sid } })
      return current.status === 'STORED' && current.deletedFromTwilio ? current : null
    }, 'the recording stored after the restart', 600)
    second.kill('SIGTERM')
    await exited(second)

    expect(row).toMatchObject({ s3Key: key, sizeBytes: wav.length, channels: 2, durationSeconds: 600 })
    expect(completedUploads).toEqual([key])
    expect(s3.store.list(BUCKET, `organizations/${organizationId}/`)).toHaveLength(1)
    // Compared as one boolean: a deep equality over 19 MB would enumerate every byte.
    expect((await buffer(s3.store.read(BUCKET, key))).equals(wav)).toBe(true)
    expect(deletions).toEqual([{ objectInS3: true }])
    expect(twilio.store.recordings.has(sid)).toBe(false)

  })
})
