/**
 * AWS Signature Version 4 as S3 checks it, written from AWS's description of the algorithm
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html and
 * …/sigv4-query-string-auth.html) rather than with the SDK's signer, so a signing bug in the
 * client is not repeated here. Both forms: the Authorization header, and a presigned URL's
 * query (whose X-Amz-Expires is enforced).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto'

export interface Credentials {
  accessKeyId: string
  secretAccessKey: string
}

export interface SignedRequestParts {
  method: string
  /** The path as sent, still percent-encoded. */
  rawPath: string
  query: URLSearchParams
  headers: Record<string, string | string[] | undefined>
}

export type SignatureVerdict =
  | { ok: true; payloadHash: string }
  | { ok: false; status: 400 | 403; code: 'AccessDenied' | 'InvalidAccessKeyId' | 'SignatureDoesNotMatch' | 'AuthorizationHeaderMalformed' | 'AuthorizationQueryParametersError'; message: string }

const ALGORITHM = 'AWS4-HMAC-SHA256'

const sha256Hex = (data: string) => createHash('sha256').update(data).digest('hex')
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest()

/** RFC 3986 encoding as SigV4 wants it: everything but unreserved characters. */
function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

function canonicalQuery(query: URLSearchParams, omit?: string): string {
  return [...query.entries()]
    .filter(([name]) => name !== omit)
    .map(([name, value]) => [uriEncode(name), uriEncode(value)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&')
}

/** S3 does not normalise the path: each segment is decoded and encoded once. */
function canonicalPath(rawPath: string): string {
  return rawPath
    .split('/')
    .map((segment) => uriEncode(decodeURIComponent(segment)))
    .join('/')
}

function headerValue(headers: SignedRequestParts['headers'], name: string): string | undefined {
  const value = headers[name]
  return Array.isArray(value) ? value.join(',') : value
}

function signature(secret: string, date: string, region: string, stringToSign: string): Buffer {
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), 's3'), 'aws4_request')
  return Buffer.from(createHmac('sha256', key).update(stringToSign).digest('hex'))
}

interface Parsed {
  accessKeyId: string
  date: string
  region: string
  signedHeaders: string[]
  signature: string
  amzDate: string
  payloadHash: string
  expiresSeconds?: number
}

function parseHeaderAuth(request: SignedRequestParts): Parsed | string {
  const authorization = headerValue(request.headers, 'authorization') ?? ''
  const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/.exec(authorization)
  if (!match) return 'The authorization header is malformed.'
  const amzDate = headerValue(request.headers, 'x-amz-date')
  const payloadHash = headerValue(request.headers, 'x-amz-content-sha256')
  if (!amzDate || !payloadHash) return 'Missing x-amz-date or x-amz-content-sha256.'
  return { accessKeyId: match[1]!, date: match[2]!, region: match[3]!, signedHeaders: match[4]!.split(';'), signature: match[5]!, amzDate, payloadHash }
}

function parseQueryAuth(request: SignedRequestParts): Parsed | string {
  const q = request.query
  const credential = /^([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request$/.exec(q.get('X-Amz-Credential') ?? '')
  const expires = Number(q.get('X-Amz-Expires'))
  if (q.get('X-Amz-Algorithm') !== ALGORITHM || !credential || !q.get('X-Amz-Date') || !q.get('X-Amz-SignedHeaders') || !/^[0-9a-f]{64}$/.test(q.get('X-Amz-Signature') ?? '')) {
    return 'Query-string authentication requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders and X-Amz-Expires parameters.'
  }
  if (!Number.isInteger(expires) || expires < 1 || expires > 604_800) return 'X-Amz-Expires must be between 1 and 604800 seconds.'
  return {
    accessKeyId: credential[1]!,
    date: credential[2]!,
    region: credential[3]!,
    signedHeaders: q.get('X-Amz-SignedHeaders')!.split(';'),
    signature: q.get('X-Amz-Signature')!,
    amzDate: q.get('X-Amz-Date')!,
    payloadHash: 'UNSIGNED-PAYLOAD',
    expiresSeconds: expires,
  }
}

/** `20261201T120000Z` → epoch milliseconds. */
function amzDateMs(amzDate: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate)
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : NaN
}

export function verifySigV4(request: SignedRequestParts, credentials: Credentials, region: string, nowMs: number): SignatureVerdict {
  const presigned = request.query.has('X-Amz-Signature')
  const parsed = presigned ? parseQueryAuth(request) : parseHeaderAuth(request)
  if (typeof parsed === 'string') return { ok: false, status: 400, code: presigned ? 'AuthorizationQueryParametersError' : 'AuthorizationHeaderMalformed', message: parsed }
  if (parsed.accessKeyId !== credentials.accessKeyId) return { ok: false, status: 403, code: 'InvalidAccessKeyId', message: 'The AWS Access Key Id you provided does not exist in our records.' }
  if (parsed.region !== region) return { ok: false, status: 400, code: presigned ? 'AuthorizationQueryParametersError' : 'AuthorizationHeaderMalformed', message: `the region '${parsed.region}' is wrong; expecting '${region}'` }
  const signedAt = amzDateMs(parsed.amzDate)
  if (Number.isNaN(signedAt) || !parsed.amzDate.startsWith(parsed.date)) return { ok: false, status: 403, code: 'AccessDenied', message: 'X-Amz-Date is invalid.' }
  if (presigned) {
    if (nowMs > signedAt + parsed.expiresSeconds! * 1000) return { ok: false, status: 403, code: 'AccessDenied', message: 'Request has expired' }
  } else if (Math.abs(nowMs - signedAt) > 15 * 60 * 1000) {
    // S3's RequestTimeTooSkewed is also a 403; AccessDenied carries the same meaning for a client here.
    return { ok: false, status: 403, code: 'AccessDenied', message: 'The difference between the request time and the current time is too large.' }
  }
  if (!parsed.signedHeaders.includes('host')) return { ok: false, status: 403, code: 'AccessDenied', message: 'The host header must be signed.' }

  const canonicalHeaders = parsed.signedHeaders.map((name) => `${name}:${(headerValue(request.headers, name) ?? '').trim().replace(/\s+/g, ' ')}\n`).join('')
  const canonicalRequest = [
    request.method,
    canonicalPath(request.rawPath),
    canonicalQuery(request.query, presigned ? 'X-Amz-Signature' : undefined),
    canonicalHeaders,
    parsed.signedHeaders.join(';'),
    parsed.payloadHash,
  ].join('\n')
  const stringToSign = [ALGORITHM, parsed.amzDate, `${parsed.date}/${parsed.region}/s3/aws4_request`, sha256Hex(canonicalRequest)].join('\n')
  const expected = signature(credentials.secretAccessKey, parsed.date, parsed.region, stringToSign)
  const given = Buffer.from(parsed.signature)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, status: 403, code: 'SignatureDoesNotMatch', message: 'The request signature we calculated does not match the signature you provided. Check your key and signing method.' }
  }
  return { ok: true, payloadHash: parsed.payloadHash }
}
