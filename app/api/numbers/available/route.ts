import { withOrg } from '@/lib/auth/with-org'
import { prisma } from '@/lib/db/client'
import { parseSearchParams } from '@/lib/http/problem'
import { searchAvailableNumbers, searchSchema } from '@/lib/numbers/search'
import { appNumberServices, subaccountClient } from '@/lib/numbers/twilio-access'

export const GET = withOrg({}, async ({ organizationId, request }) => {
  const search = parseSearchParams(request, searchSchema)
  const client = await subaccountClient(prisma(), organizationId, appNumberServices())
  return Response.json(await searchAvailableNumbers(client, search))
})
