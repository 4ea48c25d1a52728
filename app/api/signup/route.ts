import { prisma } from '@/lib/db/client'
import { signUp, signupSchema } from '@/lib/accounts/signup'
import { errorResponse, parseJsonBody } from '@/lib/http/problem'

export async function POST(request: Request) {
  try {
    const input = await parseJsonBody(request, signupSchema)
    const created = await signUp(prisma(), input)
    return Response.json(created, { status: 201 })
  } catch (error) {
    return errorResponse(error)
  }
}
