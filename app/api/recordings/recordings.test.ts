import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testPrisma } from '@/lib/db/test-database'
import { issueRecordingLink } from '@/lib/recordings/playback'
import { recordingsStore } from '@/lib/recordings/recording-jobs'
import { applyRetention } from '@/lib/recordings/retention-job'
import { recordingObjectKey } from '@/lib/recordings/transfer'
import { scopedDb } from '@/lib/tenancy/scoped-db'
import { callRoute } from '@/lib/testing/api'
import { addMember, createOrganization, uniqueEmail } from '@/lib/testing/factories'
import { startS3Sandbox, type S3Sandbox } from '@/sandbox/s3/index'
import { encodeWav } from '@/sandbox/twilio/audio/wav'
import { tone } from '@/sandbox/twilio/audio/tones'
import { newSid } from '@/sandbox/twilio/store'
import * as recordingRoute from './[id]/route'
import * as downloadRoute from './[id]/download/route'
import * as urlRoute from './[id]/url/route'
import * as listRoute from './route'

// Playback and deletion through the real route handlers, with a member's session cookie, against
// the local S3 (which checks every signature and the presigned expiry on its own clock).

const BUCKET = 'hekax-recordings'
const FROM = '198.51.100.7'

describe('recordings: listing, signed playback, audit, deletion and retention', () => {
  const db = testPrisma()
  const dir = mkdtempSync(path.join(tmpdir(), 'hekax-playback-'))
  const previousS3 = process.env.SANDBOX_S3_URL
  let s3: S3Sandbox
  let s3Now = Date.now()
  let org: Awaited<ReturnType<typeof createOrganization>>
  let agent: { id: string }
  let otherAgent: { id: string }
  let admin: { id: string }
  const wav = encodeWav([tone(440, 1500), tone(660, 1500)])

  beforeAll(async () => {
    s3 = await startS3Sandbox({ dir, now: () => s3Now })
    s3.store.createBucket(BUCKET)
    process.env.SANDBOX_S3_URL = s3.endpoint
    org = await createOrganization(db, 'playback')
    const owner = { id: org.ownerId, role: 'OWNER' as const }
    agent = await addMember(db, org.organizationId, owner, { name: 'Ann Agent', email: uniqueEmail('agent'), role: 'AGENT' })
    otherAgent = await addMember(db, org.organizationId, owner, { name: 'Otto Agent', email: uniqueEmail('other'), role: 'AGENT' })
    admin = await addMember(db, org.organizationId, owner, { name: 'Ari Admin', email: uniqueEmail('admin'), role: 'ADMIN' })
  })
  afterAll(async () => {
    await s3.close()
    if (previousS3 === undefined) delete process.env.SANDBOX_S3_URL
    else process.env.SANDBOX_S3_URL = previousS3
    rmSync(dir, { recursive: true, force: true })
  })

  /** A stored recording of a call `agentUserId` took, its audio really in the local S3. */
  async function storedRecording(organizationId: string, agentUserId: string | null, extra: { createdAt?: Date; transcript?: string; from?: string } = {}) {
    const callSid = newSid('CA')
    const call = await db.callLog.create({ data: { organizationId, callSid, direction: 'INBOUND', fromNumber: extra.from ?? '+14155550100', toNumber: '+16175550100', agentUserId, handledBy: agentUserId ? 'AGENT' : 'AI' } })
    const recordingSid = newSid('RE')
    const key = recordingObjectKey(organizationId, recordingSid)
    const stored = await recordingsStore().putStream(key, Readable.from(wav), 'audio/wav')
    const recording = await db.recording.create({ data: { organizationId, recordingSid, callSid, callLogId: call.id, status: 'STORED', s3Key: key, sizeBytes: stored.sizeBytes, contentType: 'audio/wav', channels: 2, durationSeconds: 3, ...(extra.createdAt && { createdAt: extra.createdAt }) } })
    if (extra.transcript) await db.voicemail.create({ data: { organizationId, recordingSid, recordingId: recording.id, callSid, callLogId: call.id, fromNumber: '+14155550100', transcription: extra.transcript } })
    return recording
  }

  const audits = (action: string, targetId: string) => scopedDb(db, org.organizationId).auditLog.findMany({ where: { action, targetId }, orderBy: { createdAt: 'asc' } })
  const playUrl = (as: string, id: string) => callRoute(urlRoute.POST, { as, method: 'POST', url: `/api/recordings/${id}/url`, params: { id }, headers: { 'x-forwarded-for': FROM, 'user-agent': 'vitest' } })

  it('issues a 15-minute presigned URL that plays the audio until it expires, audited with who, which and from where', async () => {
    const recording = await storedRecording(org.organizationId, agent.id)
    const issued = await playUrl(org.ownerId, recording.id)
    expect(issued.status).toBe(200)
    expect(Date.parse(issued.body.expiresAt) - Date.now()).toBeGreaterThan(14 * 60_000)
    expect(Date.parse(issued.body.expiresAt) - Date.now()).toBeLessThanOrEqual(15 * 60_000)
    const audio = await fetch(issued.body.url)
    expect(audio.status).toBe(200)
    expect(audio.headers.get('x-amz-server-side-encryption')).toBe('AES256')
    expect(Buffer.from(await audio.arrayBuffer()).equals(wav)).toBe(true)
    expect(await audits('recording.link.issued', recording.id)).toMatchObject([{ actorUserId: org.ownerId, targetType: 'Recording', metadata: { purpose: 'play', address: FROM, userAgent: 'vitest', expiresAt: issued.body.expiresAt } }])

    // A forged signature is refused by S3 itself.
    const forged = new URL(issued.body.url)
    const signature = forged.searchParams.get('X-Amz-Signature')!
    forged.searchParams.set('X-Amz-Signature', `${signature.slice(0, -1)}${signature.endsWith('0') ? '1' : '0'}`)
    const refused = await fetch(forged)
    expect(refused.status).toBe(403)
    expect(await refused.text()).toContain('<Code>SignatureDoesNotMatch</Code>')

    // Sixteen minutes later the same URL no longer works.
    s3Now += 16 * 60_000
    try {
      const late = await fetch(issued.body.url)
      expect(late.status).toBe(403)
      expect(await late.text()).toContain('Request has expired')
    } finally {
      s3Now = Date.now()
    }
  })

  it('a short-lived link works within its life and not after', async () => {
    const recording = await storedRecording(org.organizationId, null)
    const { url } = await issueRecordingLink(scopedDb(db, org.organizationId), recordingsStore(), { id: org.ownerId, role: 'OWNER' }, recording.id, 'play', { address: FROM, userAgent: null }, 5)
    expect((await fetch(url)).status).toBe(200)
    s3Now += 6000
    try {
      expect((await fetch(url)).status).toBe(403)
    } finally {
      s3Now = Date.now()
    }
  })

  it('gives an agent their own calls’ recordings and refuses others with 403, audited', async () => {
    const mine = await storedRecording(org.organizationId, agent.id)
    const theirs = await storedRecording(org.organizationId, otherAgent.id)
    expect((await playUrl(agent.id, mine.id)).status).toBe(200)
    const refused = await playUrl(agent.id, theirs.id)
    expect(refused.status).toBe(403)
    expect(await audits('recording.link.refused', theirs.id)).toMatchObject([{ actorUserId: agent.id, metadata: { purpose: 'play', reason: 'not a call this member handled', address: FROM } }])
    expect((await playUrl(admin.id, theirs.id)).status).toBe(200)

    // Another organization's recording does not exist for this member: 404, and the attempt is on record.
    const stranger = await createOrganization(db, 'playback-other')
    const foreign = await storedRecording(stranger.organizationId, null)
    expect((await playUrl(org.ownerId, foreign.id)).status).toBe(404)
    expect(await audits('recording.link.refused', foreign.id)).toMatchObject([{ actorUserId: org.ownerId, metadata: { reason: 'no such recording' } }])
    expect(await scopedDb(db, stranger.organizationId).auditLog.count({ where: { targetId: foreign.id } })).toBe(0)
  })

  it('downloads through an audited redirect to a presigned attachment', async () => {
    const recording = await storedRecording(org.organizationId, agent.id)
    const response = await callRoute(downloadRoute.GET, { as: agent.id, url: `/api/recordings/${recording.id}/download`, params: { id: recording.id }, headers: { 'x-forwarded-for': FROM } })
    expect(response.status).toBe(302)
    const location = response.headers.get('location')!
    expect(new URL(location).searchParams.get('response-content-disposition')).toBe(`attachment; filename="${recording.recordingSid}.wav"`)
    const file = await fetch(location)
    expect(file.headers.get('content-disposition')).toBe(`attachment; filename="${recording.recordingSid}.wav"`)
    expect(await audits('recording.downloaded', recording.id)).toMatchObject([{ actorUserId: agent.id, metadata: { purpose: 'download', address: FROM } }])
    expect((await callRoute(downloadRoute.GET, { as: otherAgent.id, url: `/api/recordings/${recording.id}/download`, params: { id: recording.id } })).status).toBe(403)
  })

  it('lists recordings a page at a time, an agent only their own, searchable by transcript', async () => {
    const listed = await storedRecording(org.organizationId, agent.id, { transcript: 'The invoice for the blue widgets is late.' })
    const list = (as: string, query = '') => callRoute(listRoute.GET, { as, url: `/api/recordings${query}` })
    const found = await list(org.ownerId, '?q=BLUE%20widgets')
    expect(found.body.recordings).toMatchObject([{ id: listed.id, recordingSid: listed.recordingSid, callId: listed.callLogId, status: 'STORED', durationSeconds: 3, channels: 2, transcript: 'The invoice for the blue widgets is late.' }])
    expect((await list(org.ownerId, `?callId=${listed.callLogId}`)).body.recordings.map((r: { id: string }) => r.id)).toEqual([listed.id])
    const agentView = (await list(otherAgent.id)).body.recordings as { id: string }[]
    expect(agentView.length).toBeGreaterThan(0)
    expect(agentView.some((r) => r.id === listed.id)).toBe(false)

    // 26 or more recordings: the second page follows the cursor with no overlap.
    for (let i = 0; i < 22; i++) await db.recording.create({ data: { organizationId: org.organizationId, recordingSid: newSid('RE') } })
    const first = await list(org.ownerId)
    expect(first.body.recordings).toHaveLength(25)
    const second = await list(org.ownerId, `?cursor=${first.body.nextCursor}`)
    const ids = [...first.body.recordings, ...second.body.recordings].map((r: { id: string }) => r.id)
    expect(new Set(ids).size).toBe(ids.length)
    expect((await list(org.ownerId, '?cursor=')).status).toBe(400)
  })

  it('deletes a recording for an admin only, from S3 and in the record, audited', async () => {
    const recording = await storedRecording(org.organizationId, agent.id)
    const remove = (as: string) => callRoute(recordingRoute.DELETE, { as, method: 'DELETE', url: `/api/recordings/${recording.id}`, params: { id: recording.id }, headers: { 'x-forwarded-for': FROM } })
    expect((await remove(agent.id)).status).toBe(403)
    expect(s3.store.head(BUCKET, recording.s3Key!)).toBeDefined()
    expect((await remove(admin.id)).status).toBe(204)
    expect(s3.store.head(BUCKET, recording.s3Key!)).toBeUndefined()
    expect(await db.recording.findUniqueOrThrow({ where: { id: recording.id } })).toMatchObject({ status: 'DELETED', s3Key: null })
    expect(await audits('recording.deleted', recording.id)).toMatchObject([{ actorUserId: admin.id, metadata: { reason: 'member', address: FROM } }])
    expect((await remove(admin.id)).status).toBe(404)
    expect((await playUrl(org.ownerId, recording.id)).status).toBe(409)
  })

  it('the retention job deletes what is due, marks and audits it, and keeps the rest', async () => {
    const keeper = await createOrganization(db, 'retention-keep')
    const short = await createOrganization(db, 'retention-30')
    await db.organization.update({ where: { id: short.organizationId }, data: { recordingRetentionDays: 30 } })
    const now = new Date()
    const old = new Date(now.getTime() - 31 * 24 * 3600_000)
    const due = await storedRecording(short.organizationId, null, { createdAt: old })
    const recent = await storedRecording(short.organizationId, null, { createdAt: new Date(now.getTime() - 29 * 24 * 3600_000) })
    const kept = await storedRecording(keeper.organizationId, null, { createdAt: old })

    expect(await applyRetention({ db, store: recordingsStore, now: () => now })).toBeGreaterThanOrEqual(1)
    expect(await db.recording.findUniqueOrThrow({ where: { id: due.id } })).toMatchObject({ status: 'DELETED', s3Key: null })
    expect(s3.store.head(BUCKET, due.s3Key!)).toBeUndefined()
    expect(await scopedDb(db, short.organizationId).auditLog.findMany({ where: { action: 'recording.deleted', targetId: due.id } })).toMatchObject([{ actorUserId: null, metadata: { reason: 'retention', retentionDays: 30 } }])
    for (const survivor of [recent, kept]) {
      expect((await db.recording.findUniqueOrThrow({ where: { id: survivor.id } })).status).toBe('STORED')
      expect(s3.store.head(BUCKET, survivor.s3Key!)).toBeDefined()
    }
    // A second run finds nothing more to do for that organization.
    await applyRetention({ db, store: recordingsStore, now: () => now })
    expect(await scopedDb(db, short.organizationId).auditLog.count({ where: { action: 'recording.deleted' } })).toBe(1)
  })
})
