import { call, queryString } from '@/components/api/client'
import type { RecordingView } from '@/lib/recordings/catalog'

export type { RecordingView }

export const recordingsApi = {
  list: (query: { q?: string; callId?: string; cursor?: string }) => call<{ recordings: RecordingView[]; nextCursor: string | null }>(`/api/recordings${queryString(query)}`),
  /** A 15-minute presigned URL; the issue is audited. */
  playbackUrl: (id: string) => call<{ url: string; expiresAt: string }>(`/api/recordings/${id}/url`, { method: 'POST' }),
  /** Audited on the server, then redirected to the file. */
  downloadHref: (id: string) => `/api/recordings/${id}/download`,
}
