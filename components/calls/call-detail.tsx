'use client'

import Link from 'next/link'
import { useQuery } from '@tanstack/react-query'
import { RecordingsBrowser } from '@/components/recordings/recordings-browser'
import { Alert } from '@/components/ui/alert'
import { CallTimeline } from './call-timeline'
import { CallTranscript } from './call-transcript'
import { callsApi, formatDuration, formatMs, formatUsd, LIVE_STATUSES, liveRefetch } from './calls-api'

export function CallDetailView({ id }: { id: string }) {
  const detail = useQuery({ queryKey: ['call', id], queryFn: () => callsApi.get(id), refetchInterval: liveRefetch })
  if (detail.error) return <Alert>{detail.error.message}</Alert>
  if (!detail.data) return <p className="text-sm text-slate-500">Loading…</p>
  const { call, events, legs, voicemails, usage, messages, transcript, latency, summary, costs } = detail.data
  const live = LIVE_STATUSES.includes(call.status)
  const facts: [string, string][] = [
    ['Call SID', call.callSid],
    ['Direction', call.direction],
    ['From', call.fromNumber],
    ['To', call.toNumber],
    ['Status', call.status],
    ['Handled by', call.handledBy ?? '—'],
    ['Started', new Date(call.startedAt).toLocaleString()],
    ['Ended', call.endedAt ? new Date(call.endedAt).toLocaleString() : '—'],
    ['Duration', formatDuration(call.durationSeconds)],
    ['Twilio price', call.price === null ? '—' : `${call.price} ${call.priceUnit ?? ''}`],
    ['Telephony cost', formatUsd(costs.telephonyUsd)],
    ['AI cost', formatUsd(costs.aiUsd)],
    ['Total cost', formatUsd(costs.totalUsd)],
    ...(latency.turns > 0 ? ([['Answer latency P50', formatMs(latency.p50Ms)], ['Answer latency P90', formatMs(latency.p90Ms)], ['AI turns', String(latency.turns)]] as [string, string][]) : []),
  ]
  return (
    // minmax(0, …) and min-w-0: a long line of TwiML on the timeline scrolls in its own box
    // instead of widening the column (a grid item is at least as wide as its content otherwise).
    <div className="grid gap-8 lg:grid-cols-[18rem_minmax(0,1fr)]">
      <aside className="min-w-0 space-y-6">
        <dl className="space-y-2 rounded-2xl border border-slate-200 bg-white p-4 text-sm shadow-sm" data-testid="call-facts">
          {facts.map(([label, value]) => (
            <div key={label} className="flex justify-between gap-3">
              <dt className="text-slate-500">{label}</dt>
              <dd className="truncate text-right font-medium text-slate-900" title={value}>{value}</dd>
            </div>
          ))}
        </dl>
        {legs.length > 0 && (
          <section>
            <h2 className="mb-2 text-sm font-semibold text-slate-900">Legs</h2>
            <ul className="space-y-1 text-sm">
              {legs.map((leg) => (
                <li key={leg.id}><Link className="text-brand-700 hover:underline" href={`/calls/${leg.id}`}>{leg.toNumber}</Link> — {leg.status}, {formatDuration(leg.durationSeconds)}</li>
              ))}
            </ul>
          </section>
        )}
        {voicemails.map((voicemail) => (
          <section key={voicemail.id} className="rounded-2xl border border-slate-200 bg-white p-4 text-sm shadow-sm">
            <h2 className="font-semibold text-slate-900">Voicemail ({formatDuration(voicemail.durationSeconds)})</h2>
            <p className="mt-1 text-slate-700">{voicemail.transcription ?? (voicemail.transcriptionStatus === 'failed' ? 'Transcription failed.' : 'Transcribing…')}</p>
          </section>
        ))}
        {messages.map((message) => (
          <section key={message.id} className="rounded-2xl border border-brand-500 bg-white p-4 text-sm shadow-sm" data-testid="call-message">
            <h2 className="font-semibold text-slate-900">
              {message.kind === 'missed_callback' ? 'Missed — call back' : `Message from ${message.callerName ?? 'the caller'}`}
              {message.urgency && message.urgency !== 'normal' && ` (${message.urgency})`}
            </h2>
            {message.callbackNumber && <p className="font-mono text-xs text-slate-600">{message.callbackNumber}</p>}
            <p className="mt-1 text-slate-700">{message.body}</p>
            <Link className="mt-1 inline-block text-xs text-brand-700 hover:underline" href="/messages">{message.handledAt ? 'Handled' : 'Open'} — on the Messages page</Link>
          </section>
        ))}
        {usage.length > 0 && (
          <section className="text-sm">
            <h2 className="mb-1 font-semibold text-slate-900">Usage</h2>
            {usage.map((u) => <p key={u.category}>{u.category.toLowerCase().replace('_', ' ')}: {u.quantity} {u.unit}, {formatUsd(u.costUsd)}</p>)}
          </section>
        )}
      </aside>
      <div className="min-w-0 space-y-8">
        {summary && (
          <section className="rounded-2xl border border-slate-200 bg-white p-4 text-sm shadow-sm" data-testid="call-summary">
            <h2 className="mb-2 font-semibold text-slate-900">Summary</h2>
            <dl className="space-y-1">
              <div><dt className="inline text-slate-500">Reason: </dt><dd className="inline">{summary.reason}</dd></div>
              <div><dt className="inline text-slate-500">Outcome: </dt><dd className="inline">{summary.outcome}</dd></div>
              <div><dt className="inline text-slate-500">Follow-up: </dt><dd className="inline">{summary.followUp}</dd></div>
            </dl>
          </section>
        )}
        {(transcript.length > 0 || (live && call.handledBy === 'ai')) && (
          <section>
            <h2 className="mb-3 text-sm font-semibold text-slate-900">Transcript{live ? ' (live)' : ''}</h2>
            <CallTranscript turns={transcript} live={live} />
          </section>
        )}
        <section>
          <h2 className="mb-3 text-sm font-semibold text-slate-900">Recordings</h2>
          <RecordingsBrowser callId={id} searchable={false} />
        </section>
        <section>
          <h2 className="mb-3 text-sm font-semibold text-slate-900">Timeline</h2>
          <CallTimeline events={events} />
        </section>
      </div>
    </div>
  )
}
