import { after } from 'next/server'
import { config } from '@/lib/config/env'
import { mediaKey } from './media-keys'
import { signRequest } from './signed-request'

// Pre-warm (media-server/pre-warm.ts): once /api/voice/incoming has answered a call with
// <Connect><Stream>, the app asks the media server to open and configure that call's Realtime
// session while Twilio connects the stream, so the greeting does not wait for it. The request
// carries the stream token (the media server checks it as the stream's) and is signed with the
// pre-warm key. It is sent after the answer (Next's after()), so the TwiML is never delayed, and
// a media server that does not answer costs nothing: the stream then opens its own session.

const PRE_WARM_TIMEOUT_MS = 2000

/** The media server's answer (202 warming, 200 already warm, 4xx refused), null when it did not answer. */
export async function preWarmStream(streamToken: string, mediaServerUrl = config().mediaServerInternalUrl): Promise<number | null> {
  const url = new URL('/pre-warm', mediaServerUrl)
  const body = JSON.stringify({ token: streamToken })
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { ...signRequest(mediaKey(config().secrets.mediaStream, 'pre-warm'), { method: 'POST', path: url.pathname, body }), 'content-type': 'application/json' },
      body,
      signal: AbortSignal.timeout(PRE_WARM_TIMEOUT_MS),
    })
    if (!response.ok) console.warn(JSON.stringify({ msg: 'pre-warm refused', status: response.status }))
    return response.status
  } catch (error) {
    console.warn(JSON.stringify({ msg: 'pre-warm request failed', error: error instanceof Error ? error.message : String(error) }))
    return null
  }
}

/** Asks for the pre-warm once the webhook's answer has been sent. */
export function preWarmAfterAnswer(streamToken: string): void {
  try {
    after(async () => void (await preWarmStream(streamToken)))
  } catch (error) {
    // A handler mounted outside Next.js (lib/testing/route-server.ts) has no request scope to defer to.
    if (!(error instanceof Error && error.message.includes('outside a request scope'))) throw error
    void preWarmStream(streamToken)
  }
}
