import { findReceptionistCall } from '@/lib/receptionist/call-context'
import { callReportSchema, MAX_REPORT_BYTES, storeCallReport } from '@/lib/receptionist/call-report'
import { fromMediaServer } from '@/lib/telephony/media-server-door'

// The media server's report of an AI call: transcript, token usage, turn latencies (the newest wins).
export const POST = fromMediaServer<typeof callReportSchema, { callSid: string }>({ purpose: 'internal-api', body: callReportSchema, maxBodyBytes: MAX_REPORT_BYTES }, async ({ body, params }) => {
  const call = await findReceptionistCall(params.callSid)
  if (!call) return Response.json({ error: 'No such call.' }, { status: 404 })
  return Response.json({ result: await storeCallReport(call, body) })
})
