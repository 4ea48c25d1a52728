import { config } from '@/lib/config/env'
import { prisma } from '@/lib/db/client'
import { signUp, signupSchema } from '@/lib/accounts/signup'
import { errorResponse, parseJsonBody } from '@/lib/http/problem'
import { provisionOrganization } from '@/lib/provisioning/provision-organization'
import { organizationTwilioClient, parentTwilioClient } from '@/lib/telephony/parent-client'

export async function POST(request: Request) {
  try {
    const input = await parseJsonBody(request, signupSchema)
    const created = await signUp(prisma(), input)
    // A Twilio failure does not fail the sign-up: it is recorded on the organization and shown.
    await provisionOrganization(prisma(), created.organizationId, { parent: parentTwilioClient(), subaccount: organizationTwilioClient }, config().publicUrl)
    return Response.json(created, { status: 201 })
  } catch (error) {
    return errorResponse(error)
  }
}
