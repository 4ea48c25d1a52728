import { handBack } from '@/lib/calls/hand-back'
import { HAND_BACK_SIGNATURE_HEADER } from '@/lib/telephony/hand-back-signature'

// The media server's signed POST when the AI cannot go on (media-server/hand-back.ts).
export async function POST(request: Request): Promise<Response> {
  const body = await request.text()
  const result = await handBack(body, request.headers.get(HAND_BACK_SIGNATURE_HEADER))
  if (result.status === 'refused') return Response.json({ error: 'Invalid signature.' }, { status: 403 })
  if (result.status === 'unknown-call') return Response.json({ error: 'No such call.' }, { status: 404 })
  return Response.json(result)
}
