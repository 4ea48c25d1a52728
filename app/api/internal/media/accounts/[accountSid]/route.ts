import { prisma } from '@/lib/db/client'
import { notFound } from '@/lib/http/problem'
import { subaccountAuthToken } from '@/lib/telephony/media-gate'
import { fromMediaServer } from '@/lib/telephony/media-server-door'

// The media server verifies each stream's X-Twilio-Signature with the owning subaccount's token.
export const GET = fromMediaServer<undefined, { accountSid: string }>({ purpose: 'internal-api' }, async ({ params }) => {
  const authToken = await subaccountAuthToken(prisma(), params.accountSid)
  if (!authToken) throw notFound('No organization owns this Twilio account.')
  return Response.json({ authToken }, { headers: { 'cache-control': 'no-store' } })
})
