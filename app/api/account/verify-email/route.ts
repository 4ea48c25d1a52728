import { config } from '@/lib/config/env'
import { prisma } from '@/lib/db/client'
import { verifyEmail } from '@/lib/accounts/verify-email'
import { publicRoute } from '@/lib/http/public-route'
import { enqueueProvisioning } from '@/lib/provisioning/provisioning-job'

// The link mailed at sign-up. Verifying is what queues the organization's Twilio provisioning;
// if queueing fails, the job queue's start-up sweep (enqueuePendingProvisioning) queues it.
export const GET = publicRoute({}, async ({ request }) => {
  const token = new URL(request.url).searchParams.get('token') ?? ''
  const verified = token ? await verifyEmail(prisma(), token) : null
  if (verified) await enqueueProvisioning(verified.organizationId).catch((error) => console.error('could not queue provisioning', error))
  return Response.redirect(`${config().publicUrl}${verified ? '/login?verified=1' : '/verify-email?link=invalid'}`, 303)
})
