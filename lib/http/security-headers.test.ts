import { describe, expect, it } from 'vitest'
import { securityHeaders } from './security-headers'

const directive = (policy: string, name: string) => policy.split('; ').find((part) => part.startsWith(`${name} `))

describe('security headers', () => {
  it('allow the softphone’s Twilio connections and the sandbox’s local origins, and refuse framing', () => {
    const headers = securityHeaders({ production: false, localOrigins: ['http://127.0.0.1:8090', 'ws://localhost:8081'] })
    const policy = headers['Content-Security-Policy']!
    expect(directive(policy, 'connect-src')).toBe("connect-src 'self' https://*.twilio.com wss://*.twilio.com http://127.0.0.1:8090 ws://127.0.0.1:8090 ws://localhost:8081 http://localhost:8081")
    expect(directive(policy, 'media-src')).toBe("media-src 'self' blob: https://sdk.twilio.com https://*.amazonaws.com http://127.0.0.1:8090 ws://localhost:8081")
    expect(directive(policy, 'frame-ancestors')).toBe("frame-ancestors 'none'")
    expect(directive(policy, 'script-src')).toContain("'unsafe-eval'")
    expect(headers['Strict-Transport-Security']).toBeUndefined()
    expect(headers['X-Content-Type-Options']).toBe('nosniff')
    expect(headers['Referrer-Policy']).toBe('strict-origin-when-cross-origin')
  })

  it('add HSTS and drop eval in production', () => {
    const headers = securityHeaders({ production: true, localOrigins: [] })
    expect(headers['Strict-Transport-Security']).toBe('max-age=63072000; includeSubDomains')
    expect(directive(headers['Content-Security-Policy']!, 'script-src')).toBe("script-src 'self' 'unsafe-inline'")
    expect(directive(headers['Content-Security-Policy']!, 'connect-src')).toBe("connect-src 'self' https://*.twilio.com wss://*.twilio.com")
  })
})
