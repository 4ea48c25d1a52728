/**
 * The app's side of stream admission for media-server tests and benches: its real internal
 * routes (account auth tokens, stream-token claims, the receptionist's call context and tools) on a real HTTP server over a real database,
 * with an organization owning the test account. The media server under test asks it over HTTP,
 * exactly as in production (app-gate.ts).
 */
import * as accountRoute from '../../app/api/internal/media/accounts/[accountSid]/route'
import * as contextRoute from '../../app/api/internal/media/calls/[callSid]/context/route'
import * as reportRoute from '../../app/api/internal/media/calls/[callSid]/report/route'
import * as toolsRoute from '../../app/api/internal/media/calls/[callSid]/tools/route'
import * as claimRoute from '../../app/api/internal/media/stream-claims/route'
import { isUniqueViolation } from '../../lib/accounts/signup'
import { config } from '../../lib/config/env'
import { prisma } from '../../lib/db/client'
import { sealedSecretColumns } from '../../lib/provisioning/organization-secrets'
import { createOrganization } from '../../lib/testing/factories'
import { serveRoutes } from '../../lib/testing/route-server'
import { appStreamGate, type StreamGate } from '../app-gate'
import { TEST_ACCOUNT_SID, TEST_AUTH_TOKEN } from './accounts'


export interface StreamApp {
  /** Where the routes are served, for a media server in another process. */
  url: string
  gate: StreamGate
  /** Makes an organization own `accountSid` (e.g. a sandbox subaccount), so its streams are admitted. */
  registerAccount(accountSid: string, authToken: string): Promise<void>
  close(): Promise<void>
}

async function databaseUrl(): Promise<string> {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL
  // Inside Vitest, the run's database (lib/db/test-global-setup.ts); benches set DATABASE_URL.
  const { inject } = await import('vitest')
  return (process.env.DATABASE_URL = inject('databaseUrl'))
}

export async function startStreamApp(streamSecret: string): Promise<StreamApp> {
  await databaseUrl()
  process.env.MEDIA_STREAM_SECRET ??= streamSecret
  if (config().secrets.mediaStream !== streamSecret) throw new Error('the app in this process was configured with another MEDIA_STREAM_SECRET')
  const server = await serveRoutes({
    '/api/internal/media/accounts/[accountSid]': accountRoute,
    '/api/internal/media/stream-claims': claimRoute,
    '/api/internal/media/calls/[callSid]/context': contextRoute,
    '/api/internal/media/calls/[callSid]/tools': toolsRoute,
    '/api/internal/media/calls/[callSid]/report': reportRoute,
  })
  async function registerAccount(accountSid: string, authToken: string) {
    if (await prisma().organization.findUnique({ where: { twilioAccountSid: accountSid } })) return
    const { organizationId } = await createOrganization(prisma(), 'streams')
    try {
      await prisma().organization.update({ where: { id: organizationId }, data: { twilioAccountSid: accountSid, ...sealedSecretColumns(organizationId, { authToken, apiKeySecret: 'unused' }) } })
    } catch (error) {
      // Another test file registered it at the same moment.
      if (!isUniqueViolation(error)) throw error
    }
  }
  await registerAccount(TEST_ACCOUNT_SID, TEST_AUTH_TOKEN)
  return { url: server.url, gate: appStreamGate(server.url, streamSecret), registerAccount, close: () => server.close() }
}
