import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'

// The API routes as the file system declares them, so a test over every route cannot miss a new one.

// Routes that authenticate otherwise (session creation, sign-up, links from mails, health, the media
// server's signed requests; Twilio's webhooks under /api/voice by signature).
const PUBLIC_ROUTES = new Set([
  '/api/auth/[...nextauth]',
  '/api/signup',
  '/api/health',
  '/api/account/verify-email',
  '/api/account/password-reset',
  '/api/account/password-reset/confirm',
  '/api/account/invitation/accept',
  '/api/internal/media/accounts/[accountSid]',
  '/api/internal/media/stream-claims',
  '/api/internal/media/calls/[callSid]/context',
  '/api/internal/media/calls/[callSid]/tools',
  '/api/internal/media/calls/[callSid]/report',
])

function apiRoutes(dir = path.resolve('app/api'), prefix = '/api'): { route: string; methods: string[] }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return apiRoutes(path.join(dir, entry.name), `${prefix}/${entry.name}`)
    if (entry.name !== 'route.ts') return []
    const source = readFileSync(path.join(dir, entry.name), 'utf8')
    const methods = [...source.matchAll(/export (?:const|async function|function) (GET|POST|PATCH|PUT|DELETE)\b|as (GET|POST|PATCH|PUT|DELETE)\b/g)].map((m) => m[1] ?? m[2]!)
    return [{ route: prefix, methods }]
  })
}

// Under /api/voice but behind a session: the softphone's token belongs to calling, not to Twilio.
const SIGNED_IN_VOICE_ROUTES = new Set(['/api/voice/token'])

/** Every route behind a session (withOrg), with its methods. */
export function signedInApiRoutes() {
  return apiRoutes().filter(({ route }) => !PUBLIC_ROUTES.has(route) && (!route.startsWith('/api/voice') || SIGNED_IN_VOICE_ROUTES.has(route)))
}
