'use client'

import { useInfiniteQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { RecordingCard } from './recording-card'
import { recordingsApi } from './recordings-api'

/** The organization's recordings (or one call's), newest first, searchable by transcript or number. */
export function RecordingsBrowser({ callId, searchable = true }: { callId?: string; searchable?: boolean }) {
  const [draft, setDraft] = useState('')
  const [q, setQ] = useState('')
  const pages = useInfiniteQuery({
    queryKey: ['recordings', callId ?? null, q],
    queryFn: ({ pageParam }) => recordingsApi.list({ q: q || undefined, callId, cursor: pageParam ?? undefined }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    // A recording still on its way to storage shows up stored without a reload.
    refetchInterval: (query) => (query.state.data?.pages.some((page) => page.recordings.some((r) => r.status === 'PENDING')) ? 3000 : false),
  })
  const recordings = pages.data?.pages.flatMap((page) => page.recordings) ?? []
  return (
    <div className="space-y-4">
      {searchable && (
        <form className="flex gap-2" role="search" onSubmit={(event) => (event.preventDefault(), setQ(draft.trim()))}>
          <input className="w-full max-w-md rounded-lg border border-slate-300 px-3 py-2 text-sm" type="search" placeholder="Search transcripts or numbers" aria-label="Search recordings" value={draft} onChange={(event) => setDraft(event.target.value)} />
          <Button type="submit" variant="secondary">Search</Button>
        </form>
      )}
      {pages.error && <Alert>{pages.error.message}</Alert>}
      {!pages.isPending && recordings.length === 0 && <p className="text-sm text-slate-500">{q ? 'No recording matches.' : 'No recordings yet.'}</p>}
      <ul className="space-y-4">
        {recordings.map((recording) => <RecordingCard key={recording.id} recording={recording} />)}
      </ul>
      {pages.hasNextPage && <Button variant="secondary" onClick={() => void pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>More</Button>}
    </div>
  )
}
