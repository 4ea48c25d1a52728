import { config } from '@/lib/config/env'

// Whether the media server can take a stream right now, from its /ready endpoint (503 while it
// drains). Cached briefly so a burst of calls costs one check, and bounded by a short timeout so
// a hung media server delays a caller by at most that much before the after-hours mode answers.

const CACHE_MS = 5000
const TIMEOUT_MS = 800

let last: { ready: boolean; checkedAt: number } | null = null
let pending: Promise<boolean> | null = null

export async function mediaServerReady(nowMs = Date.now(), url = config().mediaServerHealthUrl): Promise<boolean> {
  if (last && nowMs - last.checkedAt < CACHE_MS) return last.ready
  pending ??= fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) })
    .then((response) => response.ok)
    .catch(() => false)
    .then((ready) => {
      last = { ready, checkedAt: Date.now() }
      pending = null
      return ready
    })
  return pending
}

/** Forgets the cached answer (tests that stop and start a media server). */
export function forgetMediaServerHealth(): void {
  last = null
}
