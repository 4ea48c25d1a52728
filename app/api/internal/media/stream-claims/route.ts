import { z } from 'zod'
import { prisma } from '@/lib/db/client'
import { markStreamStarted } from '@/lib/calls/status-tracking'
import { claimStreamToken } from '@/lib/telephony/media-gate'
import { fromMediaServer } from '@/lib/telephony/media-server-door'

const claimSchema = z.object({ jti: z.uuid(), callSid: z.string().regex(/^CA[0-9a-f]{32}$/), expiresAt: z.number().int() })

// 201: first use of this stream token (the call is in progress now); 409: a replay; 410: it has expired.
export const POST = fromMediaServer({ purpose: 'internal-api', body: claimSchema }, async ({ body }) => {
  const verdict = await claimStreamToken(prisma(), body)
  if (verdict === 'claimed') await markStreamStarted(prisma(), body.callSid)
  const status = { claimed: 201, replayed: 409, expired: 410 }[verdict]
  return Response.json({ verdict }, { status })
})
