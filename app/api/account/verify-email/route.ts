import { config } from '@/lib/config/env'
import { prisma } from '@/lib/db/client'
import { verifyEmail } from '@/lib/accounts/verify-email'
import { publicRoute } from '@/lib/http/public-route'
import { startProvisioning } from '@/lib/provisioning/start'

// The link mailed at sign-up. Verifying is what starts the organization's Twilio provisioning.
export const GET = publicRoute({}, async ({ request }) => {
  const token = new URL(request.url).searchParams.get('token') ?? ''
  const verified = token ? await verifyEmail(prisma(), token) : null
  if (verified) await startProvisioning(verified.organizationId)
  return Response.redirect(`${config().publicUrl}${verified ? '/login?verified=1' : '/verify-email?link=invalid'}`, 303)
})
