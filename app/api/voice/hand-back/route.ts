import { handBack, handBackSchema } from '@/lib/calls/hand-back'
import { fromMediaServer } from '@/lib/telephony/media-server-door'

// The media server's signed POST when the AI cannot go on (media-server/hand-back.ts).
export const POST = fromMediaServer({ purpose: 'hand-back', body: handBackSchema }, async ({ body }) => {
  const result = await handBack(body)
  return result.status === 'unknown-call' ? Response.json({ error: 'No such call.' }, { status: 404 }) : Response.json(result)
})
