import { callContext, findReceptionistCall } from '@/lib/receptionist/call-context'
import { fromMediaServer } from '@/lib/telephony/media-server-door'

// What the AI receptionist is told about this call: transfer teams, the caller's history.
export const GET = fromMediaServer<undefined, { callSid: string }>({ purpose: 'internal-api' }, async ({ params }) => {
  const call = await findReceptionistCall(params.callSid)
  if (!call) return Response.json({ error: 'No such call.' }, { status: 404 })
  return Response.json(await callContext(call))
})
