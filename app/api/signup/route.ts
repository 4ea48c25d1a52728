import { prisma } from '@/lib/db/client'
import { signUp, signupSchema } from '@/lib/accounts/signup'
import { errorResponse, parseJsonBody } from '@/lib/http/problem'
import { enqueueProvisioning } from '@/lib/provisioning/provisioning-job'

export async function POST(request: Request) {
  try {
    const input = await parseJsonBody(request, signupSchema)
    const created = await signUp(prisma(), input)
    // Provisioning runs as a job; the dashboard follows it. If queueing fails the organization
    // stays PENDING and the job queue's start-up sweep queues it.
    await enqueueProvisioning(created.organizationId).catch((error) => console.error('could not queue provisioning', error))
    return Response.json(created, { status: 201 })
  } catch (error) {
    return errorResponse(error)
  }
}
