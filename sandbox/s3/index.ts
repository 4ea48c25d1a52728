/**
 * A local S3 for sandbox mode: path-style requests (`/bucket/key`), the operations the app uses
 * (buckets, PutObject, multipart uploads, HeadObject, GetObject with Range, DeleteObject,
 * ListObjectsV2), every request checked for a valid SigV4 signature (header or presigned query,
 * presigned expiry enforced), server-side-encryption headers stored and returned, and S3's error
 * XML (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html). The app reaches it
 * through the real @aws-sdk/client-s3 with only its endpoint changed.
 */
import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { ObjectStore, type ObjectMeta } from './store'
import { verifySigV4, type Credentials } from './sigv4'

// Development credentials; SANDBOX_S3_ACCESS_KEY_ID / SANDBOX_S3_SECRET_ACCESS_KEY override them for the app and the sandbox alike.
export const DEV_S3_CREDENTIALS: Credentials = {
  accessKeyId: process.env.SANDBOX_S3_ACCESS_KEY_ID ?? 'SANDBOXACCESSKEY0000',
  secretAccessKey: process.env.SANDBOX_S3_SECRET_ACCESS_KEY ?? 'sandbox-secret-key-0000000000000000000000',
}
export const DEV_S3_REGION = 'us-east-1'

export interface S3SandboxOptions {
  dir: string
  port?: number
  host?: string
  credentials?: Credentials
  region?: string
  /** Epoch milliseconds; tests move it to expire presigned URLs without waiting. */
  now?: () => number
  /** Called with each request as it arrives (a test watches an upload's progress). */
  onRequest?: (request: { method: string; key: string; query: URLSearchParams }) => void
}

/**
 * Failures a test arranges: the next `corruptWrites` bodies (objects or parts) that pass the
 * request's own checks are stored with one byte changed — damage between receipt and disk — so
 * their ETag is not the one the client computed.
 */
export interface S3Faults {
  corruptWrites: number
}

class S3Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

const xmlEscape = (value: string) => value.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!)
const xml = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>\n${body}`
const S3_NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"'

function sendXml(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/xml', ...headers })
  res.end(xml(body))
}

function objectHeaders(meta: ObjectMeta): Record<string, string> {
  return {
    'content-type': meta.contentType,
    etag: meta.etag,
    'last-modified': new Date(meta.lastModified).toUTCString(),
    'accept-ranges': 'bytes',
    'access-control-expose-headers': 'content-length, content-range, accept-ranges',
    ...(meta.serverSideEncryption && { 'x-amz-server-side-encryption': meta.serverSideEncryption }),
    ...Object.fromEntries(Object.entries(meta.metadata).map(([name, value]) => [`x-amz-meta-${name}`, value])),
  }
}

/**
 * GetObject's response-* query parameters override the stored headers in the answer (as a
 * presigned download names its file): https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html
 */
function responseOverrides(query: URLSearchParams): Record<string, string> {
  const names = ['cache-control', 'content-disposition', 'content-encoding', 'content-language', 'content-type', 'expires']
  return Object.fromEntries(names.filter((name) => query.has(`response-${name}`)).map((name) => [name, query.get(`response-${name}`)!]))
}

async function readText(req: IncomingMessage): Promise<string> {
  let text = ''
  for await (const chunk of req) text += chunk
  return text
}

export async function startS3Sandbox(options: S3SandboxOptions) {
  const credentials = options.credentials ?? DEV_S3_CREDENTIALS
  const region = options.region ?? DEV_S3_REGION
  const now = options.now ?? Date.now
  const store = new ObjectStore(options.dir)
  const faults: S3Faults = { corruptWrites: 0 }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    // The bucket behaves as one with a CORS rule allowing GET from any origin, so the app's player
    // can read a presigned recording (S3 answers a preflight without checking a signature):
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors.html
    if (req.headers.origin) res.setHeader('access-control-allow-origin', '*')
    if (req.method === 'OPTIONS') {
      res.writeHead(200, { 'access-control-allow-methods': 'GET, HEAD', 'access-control-allow-headers': 'range', 'access-control-max-age': '3000' })
      return res.end()
    }
    const url = new URL(req.url ?? '/', 'http://s3.sandbox')
    const rawPath = (req.url ?? '/').split('?')[0]!
    const verdict = verifySigV4({ method: req.method ?? 'GET', rawPath, query: url.searchParams, headers: req.headers }, credentials, region, now())
    if (!verdict.ok) throw new S3Error(verdict.status, verdict.code, verdict.message)

    const [, bucket = '', ...keyParts] = url.pathname.split('/')
    const key = keyParts.map(decodeURIComponent).join('/')
    const query = url.searchParams
    options.onRequest?.({ method: req.method ?? 'GET', key, query })
    if (!bucket) throw new S3Error(400, 'InvalidRequest', 'Name a bucket: the sandbox serves path-style requests only.')

    if (!key) {
      if (req.method === 'PUT') {
        store.createBucket(bucket)
        res.writeHead(200, { location: `/${bucket}` })
        return res.end()
      }
      if (!store.hasBucket(bucket)) throw new S3Error(404, 'NoSuchBucket', 'The specified bucket does not exist')
      if (req.method === 'HEAD') return res.writeHead(200).end()
      if (req.method === 'GET' && query.get('list-type') === '2') {
        const objects = store.list(bucket, query.get('prefix') ?? '')
        const contents = objects.map((o) => `<Contents><Key>${xmlEscape(o.key)}</Key><LastModified>${new Date(o.lastModified).toISOString()}</LastModified><ETag>${xmlEscape(o.etag)}</ETag><Size>${o.size}</Size><StorageClass>STANDARD</StorageClass></Contents>`)
        return sendXml(res, 200, `<ListBucketResult ${S3_NS}><Name>${xmlEscape(bucket)}</Name><Prefix>${xmlEscape(query.get('prefix') ?? '')}</Prefix><KeyCount>${objects.length}</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>${contents.join('')}</ListBucketResult>`)
      }
      throw new S3Error(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.')
    }
    if (!store.hasBucket(bucket)) throw new S3Error(404, 'NoSuchBucket', 'The specified bucket does not exist')

    const uploadId = query.get('uploadId')
    const sse = req.headers['x-amz-server-side-encryption'] as string | undefined
    if (sse && sse !== 'AES256' && sse !== 'aws:kms') throw new S3Error(400, 'InvalidArgument', 'The encryption method specified is not supported')
    const meta = () => ({
      key,
      contentType: (req.headers['content-type'] as string | undefined) ?? 'binary/octet-stream',
      serverSideEncryption: sse,
      metadata: Object.fromEntries(Object.entries(req.headers).filter(([name]) => name.startsWith('x-amz-meta-')).map(([name, value]) => [name.slice('x-amz-meta-'.length), String(value)])),
    })

    switch (req.method) {
      case 'POST':
        if (query.has('uploads')) {
          const id = store.createUpload(bucket, meta())
          return sendXml(res, 200, `<InitiateMultipartUploadResult ${S3_NS}><Bucket>${xmlEscape(bucket)}</Bucket><Key>${xmlEscape(key)}</Key><UploadId>${id}</UploadId></InitiateMultipartUploadResult>`, sse ? { 'x-amz-server-side-encryption': sse } : {})
        }
        if (uploadId) return completeUpload(res, bucket, key, uploadId, await readText(req))
        throw new S3Error(400, 'InvalidRequest', 'Unsupported POST.')
      case 'PUT': {
        if (req.headers['x-amz-copy-source']) throw new S3Error(501, 'NotImplemented', 'CopyObject is not implemented in the sandbox.')
        let written = await store.receive(req)
        if (/^[0-9a-f]{64}$/.test(verdict.payloadHash) && verdict.payloadHash !== written.sha256Hex) {
          store.discard(written)
          throw new S3Error(400, 'XAmzContentSHA256Mismatch', 'The provided x-amz-content-sha256 header does not match what was computed.')
        }
        const contentMd5 = req.headers['content-md5'] as string | undefined
        if (contentMd5 && contentMd5 !== written.md5.toString('base64')) {
          store.discard(written)
          throw new S3Error(400, 'BadDigest', 'The Content-MD5 you specified did not match what we received.')
        }
        if (faults.corruptWrites > 0) {
          faults.corruptWrites--
          written = store.corrupt(written)
        }
        if (uploadId) {
          const partNumber = Number(query.get('partNumber'))
          if (!store.upload(uploadId)) {
            store.discard(written)
            throw new S3Error(404, 'NoSuchUpload', 'The specified upload does not exist.')
          }
          if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > 10_000) {
            store.discard(written)
            throw new S3Error(400, 'InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive')
          }
          const etag = store.putPart(uploadId, partNumber, written)
          const upload = store.upload(uploadId)!
          res.writeHead(200, { etag, ...(upload.serverSideEncryption && { 'x-amz-server-side-encryption': upload.serverSideEncryption }) })
          return res.end()
        }
        const object = store.put(bucket, written, { ...meta(), etag: `"${written.md5.toString('hex')}"` }, now())
        res.writeHead(200, { etag: object.etag, ...(object.serverSideEncryption && { 'x-amz-server-side-encryption': object.serverSideEncryption }) })
        return res.end()
      }
      case 'GET':
      case 'HEAD': {
        const object = store.head(bucket, key)
        if (!object) throw new S3Error(404, 'NoSuchKey', 'The specified key does not exist.')
        const range = /^bytes=(\d*)-(\d*)$/.exec((req.headers.range as string | undefined) ?? '')
        if (range && object.size > 0) {
          const start = range[1] ? Number(range[1]) : Math.max(0, object.size - Number(range[2]))
          const end = range[1] && range[2] ? Math.min(Number(range[2]), object.size - 1) : object.size - 1
          if (start > end || start >= object.size) throw new S3Error(416, 'InvalidRange', 'The requested range is not satisfiable')
          res.writeHead(206, { ...objectHeaders(object), 'content-length': String(end - start + 1), 'content-range': `bytes ${start}-${end}/${object.size}` })
          if (req.method === 'HEAD') return res.end()
          return store.read(bucket, key, { start, end }).pipe(res)
        }
        res.writeHead(200, { ...objectHeaders(object), ...responseOverrides(query), 'content-length': String(object.size) })
        if (req.method === 'HEAD') return res.end()
        return store.read(bucket, key).pipe(res)
      }
      case 'DELETE':
        if (uploadId) store.abort(uploadId)
        else store.delete(bucket, key)
        return res.writeHead(204).end()
      default:
        throw new S3Error(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.')
    }
  }

  async function completeUpload(res: ServerResponse, bucket: string, key: string, uploadId: string, body: string) {
    if (!store.upload(uploadId)) throw new S3Error(404, 'NoSuchUpload', 'The specified upload does not exist.')
    const parts = [...body.matchAll(/<Part>\s*(?:<ETag>([^<]*)<\/ETag>\s*<PartNumber>(\d+)<\/PartNumber>|<PartNumber>(\d+)<\/PartNumber>\s*<ETag>([^<]*)<\/ETag>)/g)].map((m) => ({
      partNumber: Number(m[2] ?? m[3]),
      etag: (m[1] ?? m[4] ?? '').replaceAll('&quot;', '"'),
    }))
    if (parts.length === 0) throw new S3Error(400, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema')
    for (const [index, part] of parts.entries()) {
      if (index > 0 && part.partNumber <= parts[index - 1]!.partNumber) throw new S3Error(400, 'InvalidPartOrder', 'The list of parts was not in ascending order.')
      if (store.partEtag(uploadId, part.partNumber) !== part.etag) throw new S3Error(400, 'InvalidPart', 'One or more of the specified parts could not be found.')
      if (index < parts.length - 1 && store.partSize(uploadId, part.partNumber) < 5 * 1024 * 1024) throw new S3Error(400, 'EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed object size.')
    }
    const object = await store.complete(uploadId, parts.map((part) => part.partNumber), now())
    return sendXml(res, 200, `<CompleteMultipartUploadResult ${S3_NS}><Bucket>${xmlEscape(bucket)}</Bucket><Key>${xmlEscape(key)}</Key><ETag>${xmlEscape(object.etag)}</ETag></CompleteMultipartUploadResult>`, object.serverSideEncryption ? { 'x-amz-server-side-encryption': object.serverSideEncryption } : {})
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const s3 = error instanceof S3Error ? error : new S3Error(500, 'InternalError', 'We encountered an internal error. Please try again.')
      // A client that aborted its request is no server error; there is nobody left to answer.
      if (req.destroyed || (error as NodeJS.ErrnoException).code === 'ECONNRESET') return res.destroy()
      if (!(error instanceof S3Error)) console.error('sandbox S3', error)
      if (res.headersSent) return res.destroy()
      // HEAD answers carry no body, as S3's do.
      if (req.method === 'HEAD') return res.writeHead(s3.status).end()
      req.resume()
      sendXml(res, s3.status, `<Error><Code>${s3.code}</Code><Message>${xmlEscape(s3.message)}</Message><RequestId>${randomBytes(8).toString('hex').toUpperCase()}</RequestId></Error>`)
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve)
  })
  const { port } = server.address() as AddressInfo
  return {
    endpoint: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    credentials,
    region,
    store,
    faults,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

export type S3Sandbox = Awaited<ReturnType<typeof startS3Sandbox>>
