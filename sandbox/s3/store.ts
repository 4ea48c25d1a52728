/**
 * Objects and multipart uploads on disk, one folder per bucket: the body in `<id>.bin`, what S3
 * returns about it in `<id>.json`. A body is written to a temporary file and renamed into place
 * only once it is whole, so a broken upload never shows as an object.
 */
import { createHash, randomBytes } from 'node:crypto'
import { createReadStream, createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'

export interface ObjectMeta {
  key: string
  size: number
  etag: string
  contentType: string
  lastModified: number
  /** The x-amz-server-side-encryption asked for on upload (AES256 or aws:kms), returned on every read. */
  serverSideEncryption?: string
  metadata: Record<string, string>
}

export interface Written {
  path: string
  size: number
  md5: Buffer
  sha256Hex: string
}

const objectId = (key: string) => createHash('sha1').update(key).digest('hex')

export class ObjectStore {
  constructor(private readonly dir: string) {
    mkdirSync(path.join(dir, '.uploads'), { recursive: true })
  }

  private bucketDir(bucket: string) {
    return path.join(this.dir, bucket)
  }

  hasBucket(bucket: string): boolean {
    return /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket) && existsSync(this.bucketDir(bucket))
  }

  createBucket(bucket: string): void {
    mkdirSync(this.bucketDir(bucket), { recursive: true })
  }

  /** Streams a body to a temporary file, hashing as it goes. */
  async receive(body: Readable): Promise<Written> {
    const file = path.join(this.dir, '.uploads', `${randomBytes(8).toString('hex')}.part`)
    const md5 = createHash('md5')
    const sha256 = createHash('sha256')
    let size = 0
    body.on('data', (chunk: Buffer) => {
      md5.update(chunk)
      sha256.update(chunk)
      size += chunk.length
    })
    try {
      await pipeline(body, createWriteStream(file))
    } catch (error) {
      // A client that went away mid-body leaves nothing behind.
      rmSync(file, { force: true })
      throw error
    }
    return { path: file, size, md5: md5.digest(), sha256Hex: sha256.digest('hex') }
  }

  /** Changes the first byte of a received body (a test's arranged damage); the hashes follow the damaged bytes. */
  corrupt(written: Written): Written {
    const bytes = readFileSync(written.path)
    if (bytes.length > 0) bytes[0] = bytes[0]! ^ 0xff
    writeFileSync(written.path, bytes)
    return { ...written, md5: createHash('md5').update(bytes).digest(), sha256Hex: createHash('sha256').update(bytes).digest('hex') }
  }

  discard(written: Written): void {
    rmSync(written.path, { force: true })
  }

  put(bucket: string, written: Written, meta: Omit<ObjectMeta, 'size' | 'lastModified'>, nowMs: number): ObjectMeta {
    const id = objectId(meta.key)
    const full: ObjectMeta = { ...meta, size: written.size, lastModified: nowMs }
    renameSync(written.path, path.join(this.bucketDir(bucket), `${id}.bin`))
    writeFileSync(path.join(this.bucketDir(bucket), `${id}.json`), JSON.stringify(full))
    return full
  }

  head(bucket: string, key: string): ObjectMeta | undefined {
    const file = path.join(this.bucketDir(bucket), `${objectId(key)}.json`)
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ObjectMeta) : undefined
  }

  read(bucket: string, key: string, range?: { start: number; end: number }): Readable {
    return createReadStream(path.join(this.bucketDir(bucket), `${objectId(key)}.bin`), range)
  }

  delete(bucket: string, key: string): void {
    for (const ext of ['.json', '.bin']) rmSync(path.join(this.bucketDir(bucket), `${objectId(key)}${ext}`), { force: true })
  }

  list(bucket: string, prefix = ''): ObjectMeta[] {
    return readdirSync(this.bucketDir(bucket))
      .filter((name) => name.endsWith('.json'))
      .map((name) => JSON.parse(readFileSync(path.join(this.bucketDir(bucket), name), 'utf8')) as ObjectMeta)
      .filter((meta) => meta.key.startsWith(prefix))
      .sort((a, b) => (a.key < b.key ? -1 : 1))
  }

  // ——— multipart uploads ———

  private uploadDir(uploadId: string) {
    return path.join(this.dir, '.uploads', uploadId)
  }

  createUpload(bucket: string, meta: Omit<ObjectMeta, 'size' | 'lastModified' | 'etag'>): string {
    const uploadId = randomBytes(24).toString('base64url')
    mkdirSync(this.uploadDir(uploadId))
    writeFileSync(path.join(this.uploadDir(uploadId), 'upload.json'), JSON.stringify({ bucket, ...meta }))
    return uploadId
  }

  upload(uploadId: string): (Omit<ObjectMeta, 'size' | 'lastModified' | 'etag'> & { bucket: string }) | undefined {
    const file = path.join(this.uploadDir(uploadId), 'upload.json')
    return /^[A-Za-z0-9_-]+$/.test(uploadId) && existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined
  }

  putPart(uploadId: string, partNumber: number, written: Written): string {
    renameSync(written.path, path.join(this.uploadDir(uploadId), `${partNumber}.bin`))
    const etag = `"${written.md5.toString('hex')}"`
    writeFileSync(path.join(this.uploadDir(uploadId), `${partNumber}.etag`), etag)
    return etag
  }

  partEtag(uploadId: string, partNumber: number): string | undefined {
    const file = path.join(this.uploadDir(uploadId), `${partNumber}.etag`)
    return existsSync(file) ? readFileSync(file, 'utf8') : undefined
  }

  partSize(uploadId: string, partNumber: number): number {
    return statSync(path.join(this.uploadDir(uploadId), `${partNumber}.bin`)).size
  }

  /** Joins the parts in order into one object; its ETag is S3's md5-of-part-md5s-count. */
  async complete(uploadId: string, partNumbers: number[], nowMs: number): Promise<ObjectMeta> {
    const upload = this.upload(uploadId)!
    const joined = path.join(this.dir, '.uploads', `${uploadId}.joined`)
    const out = createWriteStream(joined)
    const etags = createHash('md5')
    let size = 0
    for (const part of partNumbers) {
      const file = path.join(this.uploadDir(uploadId), `${part}.bin`)
      etags.update(Buffer.from(this.partEtag(uploadId, part)!.replaceAll('"', ''), 'hex'))
      size += statSync(file).size
      await pipeline(createReadStream(file), out, { end: false })
    }
    await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())))
    const { bucket, ...meta } = upload
    const object = this.put(bucket, { path: joined, size, md5: Buffer.alloc(0), sha256Hex: '' }, { ...meta, etag: `"${etags.digest('hex')}-${partNumbers.length}"` }, nowMs)
    this.abort(uploadId)
    return object
  }

  abort(uploadId: string): void {
    rmSync(this.uploadDir(uploadId), { recursive: true, force: true })
  }
}
