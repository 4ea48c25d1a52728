import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import { CreateBucketCommand, DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'
import { getSignedUrl } from '@aws-sdk/s3-request-presigner'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startS3Sandbox, type S3Sandbox } from './index'

// The local S3 as the app meets it: the real AWS SDK, only the endpoint changed.
describe('the sandbox S3', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hekax-s3-'))
  let s3: S3Sandbox
  let client: S3Client
  let nowMs = Date.now()
  const bucket = 'recordings'

  const clientWith = (secretAccessKey: string) =>
    new S3Client({
      endpoint: s3.endpoint,
      region: s3.region,
      forcePathStyle: true,
      credentials: { accessKeyId: s3.credentials.accessKeyId, secretAccessKey },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    })

  beforeAll(async () => {
    s3 = await startS3Sandbox({ dir, now: () => nowMs })
    client = clientWith(s3.credentials.secretAccessKey)
    await client.send(new CreateBucketCommand({ Bucket: bucket }))
  })
  afterAll(async () => {
    client.destroy()
    await s3.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('stores an object with server-side encryption and returns the header on every read', async () => {
    const put = await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'org_1/a b.wav', Body: 'RIFF-audio', ContentType: 'audio/wav', ServerSideEncryption: 'AES256' }))
    expect(put.ServerSideEncryption).toBe('AES256')
    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'org_1/a b.wav' }))
    expect(head).toMatchObject({ ContentLength: 10, ContentType: 'audio/wav', ServerSideEncryption: 'AES256', ETag: put.ETag })
    const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'org_1/a b.wav', Range: 'bytes=5-9' }))
    expect(await got.Body!.transformToString()).toBe('audio')
    expect(got.ServerSideEncryption).toBe('AES256')
    const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'org_1/' }))
    expect(listed.Contents?.map((object) => object.Key)).toEqual(['org_1/a b.wav'])
  })

  it('takes a streamed multipart upload without knowing its length, and joins the parts in order', async () => {
    const partBytes = 5 * 1024 * 1024
    const chunks = [0, 1, 2].map((n) => Buffer.alloc(n < 2 ? partBytes : 1234, n + 1))
    const upload = new Upload({ client, params: { Bucket: bucket, Key: 'org_1/long.wav', Body: Readable.from(chunks), ContentType: 'audio/wav', ServerSideEncryption: 'AES256' }, partSize: partBytes, queueSize: 2 })
    const done = await upload.done()
    expect(done.ETag).toMatch(/-3"$/)
    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'org_1/long.wav' }))
    expect(head).toMatchObject({ ContentLength: 2 * partBytes + 1234, ServerSideEncryption: 'AES256' })
    const body = Buffer.from(await (await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'org_1/long.wav' }))).Body!.transformToByteArray())
    expect(body.equals(Buffer.concat(chunks))).toBe(true)
  })

  it('serves a presigned URL until it expires, then refuses it as S3 does', async () => {
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'org_1/play.mp3', Body: 'ID3-audio', ContentType: 'audio/mpeg' }))
    // The signer stamps the real time; the local S3's clock starts from the same instant.
    nowMs = Date.now()
    const url = await getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: 'org_1/play.mp3' }), { expiresIn: 900 })
    const ok = await fetch(url)
    expect(ok.status).toBe(200)
    expect(await ok.text()).toBe('ID3-audio')

    nowMs += 901_000
    const expired = await fetch(url)
    expect(expired.status).toBe(403)
    expect(await expired.text()).toMatch(/<Code>AccessDenied<\/Code><Message>Request has expired<\/Message>/)
    nowMs -= 901_000
  })

  it('refuses a forged or unsigned request, and a client with the wrong secret', async () => {
    const url = new URL(await getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: 'org_1/play.mp3' }), { expiresIn: 60 }))
    const forged = new URL(url)
    forged.pathname = '/recordings/org_2/secret.mp3'
    const refused = await fetch(forged)
    expect(refused.status).toBe(403)
    expect(await refused.text()).toContain('<Code>SignatureDoesNotMatch</Code>')
    const signature = url.searchParams.get('X-Amz-Signature')!
    url.searchParams.set('X-Amz-Signature', signature.replace(/^./, signature[0] === 'a' ? 'b' : 'a'))
    expect((await fetch(url)).status).toBe(403)
    expect((await fetch(`${s3.endpoint}/${bucket}/org_1/play.mp3`)).status).toBe(400)

    const wrong = clientWith('not-the-secret-key-000000000000000000000')
    await expect(wrong.send(new GetObjectCommand({ Bucket: bucket, Key: 'org_1/play.mp3' }))).rejects.toMatchObject({ name: 'SignatureDoesNotMatch', $metadata: { httpStatusCode: 403 } })
    await expect(wrong.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'org_1/play.mp3' }))).rejects.toMatchObject({ name: 'SignatureDoesNotMatch' })
    wrong.destroy()
    expect((await client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'org_1/play.mp3' }))).ContentLength).toBe(9)
  })

  it('answers a missing key or bucket with S3’s errors, and deletes', async () => {
    await expect(client.send(new GetObjectCommand({ Bucket: bucket, Key: 'org_1/none.wav' }))).rejects.toMatchObject({ name: 'NoSuchKey', $metadata: { httpStatusCode: 404 } })
    await expect(client.send(new PutObjectCommand({ Bucket: 'no-such-bucket', Key: 'x', Body: 'x' }))).rejects.toMatchObject({ name: 'NoSuchBucket' })
    await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'org_1/play.mp3' }))
    await expect(client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'org_1/play.mp3' }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } })
  })
})
