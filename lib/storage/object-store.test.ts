import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startS3Sandbox, type S3Sandbox } from '@/sandbox/s3/index'
import { createObjectStore, PART_BYTES, type ObjectStore } from './object-store'

// Verified, encrypted, streamed storage against the local S3, which checks signatures as S3 does.
describe('the recordings object store', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hekax-store-'))
  let s3: S3Sandbox
  let store: ObjectStore
  let nowMs = Date.now()

  beforeAll(async () => {
    s3 = await startS3Sandbox({ dir, now: () => nowMs })
    s3.store.createBucket('hekax-recordings')
    store = createObjectStore({ bucket: 'hekax-recordings', region: s3.region, endpoint: s3.endpoint, credentials: s3.credentials })
  })
  afterAll(async () => {
    store.close()
    await s3.close()
    rmSync(dir, { recursive: true, force: true })
  })

  /** A body that arrives in 64 KiB chunks, like a download from Twilio. */
  const chunked = (bytes: Buffer) => Readable.from((function* () {
    for (let offset = 0; offset < bytes.length; offset += 65_536) yield bytes.subarray(offset, offset + 65_536)
  })())

  it.each([
    ['a small recording in one part', 300_000],
    ['a long recording in several parts, the last one short', 2 * PART_BYTES + 123_457],
    ['a recording of exactly one part', PART_BYTES],
  ])('stores %s encrypted, and verifies size and ETag before saying so', async (_name, size) => {
    const audio = randomBytes(size)
    const key = `org_a/recordings/RE${randomBytes(16).toString('hex')}.wav`
    const stored = await store.putStream(key, chunked(audio), 'audio/wav')
    expect(stored).toMatchObject({ key, sizeBytes: size, sha256Hex: createHash('sha256').update(audio).digest('hex') })
    const meta = s3.store.head('hekax-recordings', key)!
    expect(meta).toMatchObject({ size, serverSideEncryption: 'AES256', contentType: 'audio/wav', etag: stored.etag })
    expect(stored.etag.endsWith(size > PART_BYTES ? '-3"' : '"')).toBe(true)
  })

  it('leaves no object behind when the download breaks off midway', async () => {
    const key = 'org_a/recordings/truncated.wav'
    const broken = Readable.from((async function* () {
      yield randomBytes(PART_BYTES)
      yield randomBytes(1000)
      throw new Error('connection reset by Twilio')
    })())
    await expect(store.putStream(key, broken, 'audio/wav')).rejects.toThrow('connection reset by Twilio')
    expect(await store.exists(key)).toBe(false)
  })

  it('plays through a presigned URL until it expires', async () => {
    const key = 'org_a/recordings/play.wav'
    await store.putStream(key, Readable.from([Buffer.from('RIFFdata')]), 'audio/wav')
    // The signer stamps the real time; the local S3's clock starts from the same instant.
    nowMs = Date.now()
    const url = await store.presignGet(key, 15 * 60, 'call.wav')
    const answer = await fetch(url)
    expect(answer.status).toBe(200)
    expect(answer.headers.get('content-type')).toBe('audio/wav')
    expect(await answer.text()).toBe('RIFFdata')
    nowMs += 15 * 60 * 1000 + 1000
    expect((await fetch(url)).status).toBe(403)
    nowMs -= 15 * 60 * 1000 + 1000
    await store.delete(key)
    expect(await store.exists(key)).toBe(false)
  })
})
