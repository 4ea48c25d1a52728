import type { CallEventView } from './calls-api'

// One line per thing that happened to the call: each webhook with the TwiML we answered and the
// routing decision, each status callback, the hand-back, each AI receptionist tool call with its
// arguments and result.

function summary(event: CallEventView): { title: string; detail?: string; code?: string } {
  const payload = event.payload as Record<string, unknown> & { params?: Record<string, string>; detail?: { decision?: string; reason?: string }; twiml?: string }
  if (event.type === 'status') return { title: `Status: ${String(payload.CallStatus)}`, detail: [payload.SequenceNumber !== undefined && `#${payload.SequenceNumber}`, payload.CallDuration && `${payload.CallDuration} s`].filter(Boolean).join(' · ') }
  if (event.type === 'hand-back') return { title: 'AI receptionist handed the call back', detail: `${String(payload.reason)}${payload.redirected ? ' — redirected to voicemail' : ''}` }
  if (event.type === 'ai-fallback') return { title: `Sent on without the AI (by ${payload.by === 'hand-back' ? 'the hand-back' : 'the stream-ended action'})`, detail: String(payload.reason) }
  if (event.type === 'tool') {
    const outcome = payload.outcome as { ok?: boolean; result?: unknown; error?: string } | undefined
    return {
      title: `Tool call: ${String(payload.name)}`,
      detail: outcome?.ok === false ? `Failed: ${outcome.error ?? 'no reason given'}` : 'Succeeded',
      code: JSON.stringify({ arguments: payload.arguments, result: outcome?.ok === false ? outcome.error : outcome?.result }, null, 2),
    }
  }
  if (event.type.startsWith('webhook:')) {
    const decision = payload.detail?.reason ? `Routing: ${payload.detail.reason}` : undefined
    const extra = payload.params?.DialCallStatus ? `DialCallStatus=${payload.params.DialCallStatus}` : payload.params?.RecordingStatus ? `RecordingStatus=${payload.params.RecordingStatus}` : undefined
    return { title: `Webhook ${event.type.slice('webhook:'.length)}`, detail: [decision, extra].filter(Boolean).join(' · ') || undefined, code: payload.twiml }
  }
  const bridged = bridgeSummary(event.type, payload)
  if (bridged) return bridged
  return { title: event.type }
}

/** The conference's steps (lib/softphone/bridge.ts): answers, holds, transfers, queue takes. */
function bridgeSummary(type: string, payload: Record<string, unknown>): { title: string; detail?: string } | null {
  const target = payload.target as { kind?: string; name?: string; to?: string } | undefined
  const whom = target ? (target.name ?? target.to ?? target.kind) : undefined
  const titles: Record<string, string> = {
    'bridge:answered': 'Answered: the caller is connected',
    'hold:on': 'Caller put on hold',
    'hold:off': 'Caller taken off hold',
    'transfer:started': `${payload.mode === 'warm' ? 'Warm' : 'Cold'} transfer to ${whom ?? 'a new party'}`,
    'transfer:connected': 'Transfer answered: the caller is with the new party',
    'transfer:completed': 'Warm transfer completed: the first agent left',
    'transfer:canceled': 'Warm transfer canceled: the caller is back',
    'transfer:failed': 'Transfer not answered',
    'transfer:queue': `Transferred to the queue ${String(payload.queue)}`,
    'queue:taken': `Taken from the queue ${String(payload.queue)}`,
  }
  const title = titles[type]
  if (!title) return null
  const leg = (payload.targetCallSid ?? payload.callSid ?? payload.agentCallSid) as string | undefined
  return { title, detail: leg ? `leg ${leg}` : undefined }
}

export function CallTimeline({ events }: { events: CallEventView[] }) {
  if (events.length === 0) return <p className="text-sm text-slate-500">Nothing recorded yet.</p>
  return (
    <ol className="space-y-3" aria-label="Timeline">
      {events.map((event) => {
        const { title, detail, code } = summary(event)
        return (
          <li key={event.id} data-testid="timeline-event" data-type={event.type} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <p className="font-medium text-slate-900">{title}</p>
              <time className="text-xs text-slate-500" dateTime={event.occurredAt}>{new Date(event.occurredAt).toLocaleTimeString()}</time>
            </div>
            {detail && <p className="mt-1 text-sm text-slate-600">{detail}</p>}
            {code && <pre className="mt-2 overflow-x-auto rounded-lg bg-slate-900 p-3 text-xs text-slate-100">{code}</pre>}
          </li>
        )
      })}
    </ol>
  )
}
