// The headers every response carries (applied in proxy.ts). The Content-Security-Policy allows
// what the browser softphone needs — the Voice SDK's signalling and event WebSockets and HTTPS
// calls to *.twilio.com, its ringtones from sdk.twilio.com — recordings played from S3's
// presigned URLs, and, in sandbox mode, the local Twilio, media server and S3 stand-ins. WebRTC
// media itself is not governed by CSP.
// Scripts allow 'unsafe-inline' because Next.js inlines its hydration scripts on static pages;
// nonces would force every page to render dynamically.

export interface SecurityHeaderOptions {
  production: boolean
  /** Extra origins the browser may connect to (the sandbox's), as http(s) or ws(s) URLs. */
  localOrigins: string[]
}

const TWILIO_SOURCES = ['https://*.twilio.com', 'wss://*.twilio.com']
const RECORDING_SOURCES = ['https://*.amazonaws.com']

function withWebSocketTwins(origins: string[]): string[] {
  return origins.flatMap((value) => {
    const url = new URL(value)
    const twin = { 'http:': 'ws:', 'https:': 'wss:', 'ws:': 'http:', 'wss:': 'https:' }[url.protocol]
    return twin ? [url.origin, `${twin}//${url.host}`] : [url.origin]
  })
}

export function securityHeaders({ production, localOrigins }: SecurityHeaderOptions): Record<string, string> {
  const local = [...new Set(withWebSocketTwins(localOrigins))]
  const policy = [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${production ? '' : " 'unsafe-eval'"}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `media-src ${["'self'", 'blob:', 'https://sdk.twilio.com', ...RECORDING_SOURCES, ...localOrigins.map((origin) => new URL(origin).origin)].join(' ')}`,
    `connect-src ${["'self'", ...TWILIO_SOURCES, ...local].join(' ')}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ')
  return {
    'Content-Security-Policy': policy,
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    // The softphone needs the microphone, and only on our own pages.
    'Permissions-Policy': 'microphone=(self), camera=(), geolocation=()',
    ...(production && { 'Strict-Transport-Security': 'max-age=63072000; includeSubDomains' }),
  }
}
