import { config } from '@/lib/config/env'
import { prisma } from '@/lib/db/client'
import { organizationTwilioClient, parentTwilioClient } from '@/lib/telephony/parent-client'
import { provisionOrganization } from './provision-organization'

/**
 * The one place that starts an organization's Twilio provisioning: called when its owner
 * verifies their email (app/api/account/verify-email/route.ts), never at sign-up, so anonymous
 * requests cannot create Twilio resources. Runs inline for now; a Twilio failure is recorded on
 * the organization and shown on the dashboard.
 */
export async function startProvisioning(organizationId: string): Promise<void> {
  await provisionOrganization(prisma(), organizationId, { parent: parentTwilioClient(), subaccount: organizationTwilioClient }, config().publicUrl)
}
