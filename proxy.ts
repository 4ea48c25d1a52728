import { withAuth, type NextRequestWithAuth } from 'next-auth/middleware'
import { NextResponse, type NextFetchEvent } from 'next/server'
import { config as appConfig } from '@/lib/config/env'
import { securityHeaders } from '@/lib/http/security-headers'

// Every response gets the security headers. Pages of the signed-in app also redirect to /login
// without a session; API routes answer 401 themselves (withOrg), and Twilio's webhooks
// authenticate by signature, not by session.
const guard = withAuth({ pages: { signIn: '/login' }, secret: appConfig().secrets.session })
const SIGNED_IN_PAGES = /^\/(dashboard|calls|queues|numbers|call-flows|receptionist|messages|voicemail|recordings|usage|team|settings)(\/|$)/

let headers: Record<string, string> | undefined
function headersForConfig(): Record<string, string> {
  const config = appConfig()
  const localOrigins = [
    ...(config.twilio.mode === 'sandbox' ? [config.twilio.sandboxUrl, config.mediaServerPublicUrl, `wss://${config.twilio.voiceGateway}`] : []),
    ...(config.s3.mode === 'sandbox' ? [config.s3.endpoint] : []),
  ]
  headers ??= securityHeaders({ production: config.nodeEnv === 'production', localOrigins })
  return headers
}

export async function proxy(request: NextRequestWithAuth, event: NextFetchEvent) {
  const response = (SIGNED_IN_PAGES.test(request.nextUrl.pathname) ? await guard(request, event) : undefined) ?? NextResponse.next()
  for (const [name, value] of Object.entries(headersForConfig())) response.headers.set(name, value)
  return response
}

export const config = {
  // Everything but Next.js's hashed static assets.
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
}
