import { createHash } from 'node:crypto'
import { Transform, type Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'
import { getSignedUrl } from '@aws-sdk/s3-request-presigner'

// Recordings storage: the real AWS SDK in both modes; in sandbox mode only the endpoint (the local
// S3, sandbox/s3/) and its development credentials differ. Objects are always written with
// server-side encryption and only reported stored once S3's copy is verified.

export interface ObjectStoreConfig {
  bucket: string
  region: string
  /** The sandbox's local S3; absent for AWS. */
  endpoint?: string
  credentials?: { accessKeyId: string; secretAccessKey: string }
}

export interface StoredObject {
  key: string
  sizeBytes: number
  /** S3's ETag, checked against the MD5s computed while streaming. */
  etag: string
  sha256Hex: string
}

/** Multipart part size: S3's minimum, so an upload holds at most this much in memory per part in flight. */
export const PART_BYTES = 5 * 1024 * 1024
const PARTS_IN_FLIGHT = 2

export class ObjectVerificationError extends Error {
  override name = 'ObjectVerificationError'
}

export function createObjectStore(config: ObjectStoreConfig) {
  const client = new S3Client({
    region: config.region,
    ...(config.endpoint && { endpoint: config.endpoint, forcePathStyle: true }),
    ...(config.credentials && { credentials: config.credentials }),
    // Checksums in trailers would need aws-chunked encoding of a stream of unknown length; the ETag
    // check below verifies the whole object instead.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  })

  return {
    bucket: config.bucket,

    /**
     * Streams `body` to `key` (multipart, never the whole file in memory) with SSE-S3, then checks
     * S3's size and ETag against what went out: a single part's ETag is its MD5, a multipart
     * ETag the MD5 of the parts' MD5s with "-count" (with SSE-S3 both hold). A mismatch deletes
     * the object and throws, so nothing half-written is ever presented as stored.
     */
    async putStream(key: string, body: Readable, contentType: string): Promise<StoredObject> {
      const sha256 = createHash('sha256')
      const partMd5s: Buffer[] = []
      let part = createHash('md5')
      let inPart = 0
      let size = 0
      const tap = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          sha256.update(chunk)
          size += chunk.length
          for (let offset = 0; offset < chunk.length; ) {
            const take = Math.min(PART_BYTES - inPart, chunk.length - offset)
            part.update(chunk.subarray(offset, offset + take))
            inPart += take
            offset += take
            if (inPart === PART_BYTES) {
              partMd5s.push(part.digest())
              part = createHash('md5')
              inPart = 0
            }
          }
          done(null, chunk)
        },
      })
      const upload = new Upload({
        client,
        params: { Bucket: config.bucket, Key: key, Body: tap, ContentType: contentType, ServerSideEncryption: 'AES256' },
        partSize: PART_BYTES,
        queueSize: PARTS_IN_FLIGHT,
      })
      await Promise.all([pipeline(body, tap), upload.done()])
      if (inPart > 0 || partMd5s.length === 0) partMd5s.push(part.digest())
      const expectedEtag = partMd5s.length === 1 ? `"${partMd5s[0]!.toString('hex')}"` : `"${createHash('md5').update(Buffer.concat(partMd5s)).digest('hex')}-${partMd5s.length}"`

      const head = await client.send(new HeadObjectCommand({ Bucket: config.bucket, Key: key }))
      if (head.ContentLength !== size || head.ETag !== expectedEtag || head.ServerSideEncryption !== 'AES256') {
        await client.send(new DeleteObjectCommand({ Bucket: config.bucket, Key: key }))
        throw new ObjectVerificationError(`S3 holds ${head.ContentLength} bytes (ETag ${head.ETag}, encryption ${head.ServerSideEncryption}) where ${size} bytes (ETag ${expectedEtag}, AES256) were sent`)
      }
      return { key, sizeBytes: size, etag: expectedEtag, sha256Hex: sha256.digest('hex') }
    },

    /** A GET URL that works for `expiresInSeconds` and no longer. */
    presignGet(key: string, expiresInSeconds: number, downloadName?: string): Promise<string> {
      const command = new GetObjectCommand({ Bucket: config.bucket, Key: key, ...(downloadName && { ResponseContentDisposition: `attachment; filename="${downloadName.replace(/"/g, '')}"` }) })
      return getSignedUrl(client, command, { expiresIn: expiresInSeconds })
    },

    async delete(key: string): Promise<void> {
      await client.send(new DeleteObjectCommand({ Bucket: config.bucket, Key: key }))
    },

    async exists(key: string): Promise<boolean> {
      try {
        await client.send(new HeadObjectCommand({ Bucket: config.bucket, Key: key }))
        return true
      } catch (error) {
        if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false
        throw error
      }
    },

    close: () => client.destroy(),
  }
}

export type ObjectStore = ReturnType<typeof createObjectStore>
