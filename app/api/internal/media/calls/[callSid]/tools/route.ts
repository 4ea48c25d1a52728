import { z } from 'zod'
import { findReceptionistCall } from '@/lib/receptionist/call-context'
import { runReceptionistTool } from '@/lib/receptionist/run-tool'
import { TOOL_NAMES } from '@/lib/receptionist/tools'
import { fromMediaServer } from '@/lib/telephony/media-server-door'

const toolCallSchema = z.object({ callId: z.string().min(1).max(100), name: z.enum(TOOL_NAMES), arguments: z.string().max(8000) })

// A function call of the AI receptionist on this call, run once per callId; the outcome is what the model is told.
export const POST = fromMediaServer<typeof toolCallSchema, { callSid: string }>({ purpose: 'internal-api', body: toolCallSchema }, async ({ body, params }) => {
  const call = await findReceptionistCall(params.callSid)
  if (!call) return Response.json({ error: 'No such call.' }, { status: 404 })
  return Response.json(await runReceptionistTool(call, { callSid: params.callSid, callId: body.callId, name: body.name, arguments: body.arguments }))
})
