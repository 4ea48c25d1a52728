import { withAuth, type NextRequestWithAuth } from 'next-auth/middleware'
import type { NextFetchEvent } from 'next/server'
import { config as appConfig } from '@/lib/config/env'

// Pages of the signed-in app redirect to /login without a session. API routes answer 401
// themselves (withOrg), and Twilio's webhooks authenticate by signature, not by session.
const guard = withAuth({ pages: { signIn: '/login' }, secret: appConfig().secrets.session })

export function proxy(request: NextRequestWithAuth, event: NextFetchEvent) {
  return guard(request, event)
}

export const config = {
  matcher: ['/dashboard/:path*', '/calls/:path*', '/numbers/:path*', '/voicemail/:path*', '/recordings/:path*', '/team/:path*', '/settings/:path*'],
}
