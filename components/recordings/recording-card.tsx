'use client'

import Link from 'next/link'
import { formatDuration } from '@/components/calls/calls-api'
import { RecordingPlayer } from './recording-player'
import type { RecordingView } from './recordings-api'

const STATUS_TEXT: Record<RecordingView['status'], string> = {
  PENDING: 'Being stored…',
  STORED: '',
  FAILED: 'Could not be stored',
  DELETED: 'Deleted',
}

/** One recording: who and when, the player (once stored) and the transcript beside it. */
export function RecordingCard({ recording }: { recording: RecordingView }) {
  return (
    <li data-testid="recording" className="rounded-2xl border border-slate-200 bg-white p-4 shadow-sm">
      <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
        <p className="font-medium text-slate-900">
          {recording.fromNumber ?? 'Unknown caller'} <span className="text-sm font-normal text-slate-500">to {recording.toNumber ?? '—'}</span>
          {recording.agentName && <span className="text-sm font-normal text-slate-500"> · {recording.agentName}</span>}
        </p>
        <p className="text-xs text-slate-500">
          {new Date(recording.createdAt).toLocaleString()} · {formatDuration(recording.durationSeconds)} · {recording.channels === 2 ? 'two channels' : 'one channel'}
          {recording.callId && (
            <>
              {' · '}
              <Link className="text-brand-700 hover:underline" href={`/calls/${recording.callId}`}>call</Link>
            </>
          )}
        </p>
      </div>
      <div className="grid gap-4 md:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <div>
          {recording.status === 'STORED' ? (
            <RecordingPlayer recordingId={recording.id} channels={recording.channels} />
          ) : (
            <p className="text-sm text-slate-500" data-testid="recording-status">{STATUS_TEXT[recording.status]}{recording.failureReason && `: ${recording.failureReason}`}</p>
          )}
        </div>
        <div className="rounded-lg bg-slate-50 p-3 text-sm text-slate-700" data-testid="recording-transcript">
          <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Transcript</h3>
          {recording.transcript ?? <span className="text-slate-400">No transcript.</span>}
        </div>
      </div>
    </li>
  )
}
