'use client'

import Link from 'next/link'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { call as apiCall } from '@/components/api/client'
import { formatDuration } from '@/components/calls/calls-api'
import { RecordingPlayer } from '@/components/recordings/recording-player'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import type { VoicemailView } from '@/lib/calls/voicemails'

const voicemailsApi = {
  list: () => apiCall<{ voicemails: VoicemailView[] }>('/api/voicemails').then((body) => body.voicemails),
  mark: (id: string, listened: boolean) => apiCall(`/api/voicemails/${id}`, { method: 'PATCH', body: JSON.stringify({ listened }) }),
}

export function VoicemailList() {
  const queryClient = useQueryClient()
  const voicemails = useQuery({ queryKey: ['voicemails'], queryFn: voicemailsApi.list, refetchInterval: 10_000 })
  const mark = useMutation({ mutationFn: ({ id, listened }: { id: string; listened: boolean }) => voicemailsApi.mark(id, listened), onSuccess: () => queryClient.invalidateQueries({ queryKey: ['voicemails'] }) })
  if (voicemails.error) return <Alert>{voicemails.error.message}</Alert>
  const items = voicemails.data ?? []
  return (
    <div className="space-y-3">
      {mark.error && <Alert>{mark.error.message}</Alert>}
      {items.length === 0 && !voicemails.isPending && <p className="text-sm text-slate-500">No voicemail yet.</p>}
      <ul className="space-y-3">
        {items.map((voicemail) => (
          <li key={voicemail.id} data-testid="voicemail" className={`rounded-2xl border bg-white p-4 shadow-sm ${voicemail.listened ? 'border-slate-200' : 'border-brand-500'}`}>
            <div className="flex flex-wrap items-center justify-between gap-3">
              <div>
                <p className="font-medium text-slate-900">
                  {!voicemail.listened && <span className="mr-2 rounded-full bg-brand-600 px-2 py-0.5 text-xs font-semibold text-white">New</span>}
                  {voicemail.fromNumber} <span className="text-sm font-normal text-slate-500">to {voicemail.toNumber}</span>
                </p>
                <p className="text-xs text-slate-500">
                  {new Date(voicemail.receivedAt).toLocaleString()} · {formatDuration(voicemail.durationSeconds)}
                  {voicemail.callId && (
                    <>
                      {' · '}
                      <Link className="text-brand-700 hover:underline" href={`/calls/${voicemail.callId}`}>call</Link>
                    </>
                  )}
                </p>
              </div>
              <Button variant="secondary" onClick={() => mark.mutate({ id: voicemail.id, listened: !voicemail.listened })}>
                {voicemail.listened ? 'Mark as new' : 'Mark as listened'}
              </Button>
            </div>
            <div className="mt-3 grid gap-4 md:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
              {voicemail.recordingId ? <RecordingPlayer recordingId={voicemail.recordingId} channels={1} /> : <p className="text-sm text-slate-500">The recording is on its way.</p>}
              <p className="text-sm text-slate-700" data-testid="transcript">
                {voicemail.transcription ?? (voicemail.transcriptionStatus === 'failed' ? 'Transcription failed.' : 'Transcription pending…')}
              </p>
            </div>
          </li>
        ))}
      </ul>
    </div>
  )
}
