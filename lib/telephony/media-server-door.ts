import type { NextRequest } from 'next/server'
import type { z } from 'zod'
import { config } from '@/lib/config/env'
import { badRequest, errorResponse, HttpError } from '@/lib/http/problem'
import { mediaKey, type MediaKeyPurpose } from './media-keys'
import { verifySignedRequest } from './signed-request'

export interface MediaServerContext<Body, Params> {
  body: Body
  params: Params
  request: NextRequest
}

/** Bodies the media server sends are small JSON objects (a call report may allow more). */
const MAX_BODY_BYTES = 16 * 1024

/**
 * The door for requests from the media server (hand-backs, internal look-ups): the request must
 * carry a fresh HMAC made with the key for `purpose`, over its method, path, query and body
 * (lib/telephony/signed-request.ts). Anything else is a 401 and reaches no handler.
 */
export function fromMediaServer<S extends z.ZodType | undefined = undefined, Params = Record<string, never>>(
  options: { purpose: Exclude<MediaKeyPurpose, 'stream-token' | 'pre-warm'>; body?: S; maxBodyBytes?: number },
  handler: (context: MediaServerContext<S extends z.ZodType ? z.infer<S> : undefined, Params>) => Promise<Response>,
) {
  return async (request: NextRequest, route: { params: Promise<Params> }): Promise<Response> => {
    try {
      const text = await request.text()
      if (Buffer.byteLength(text) > (options.maxBodyBytes ?? MAX_BODY_BYTES)) throw new HttpError(413, 'The request body is too large.')
      const url = new URL(request.url)
      const key = mediaKey(config().secrets.mediaStream, options.purpose)
      const verdict = verifySignedRequest(key, request.headers, { method: request.method, path: url.pathname + url.search, body: text })
      if (!verdict.ok) throw new HttpError(401, `Not a signed request from the media server (${verdict.reason}).`)
      let body: unknown
      if (options.body) {
        const parsed = options.body.safeParse(text ? JSON.parse(text) : undefined)
        if (!parsed.success) throw badRequest('Invalid request body.', Object.fromEntries(parsed.error.issues.map((issue) => [issue.path.join('.') || 'body', issue.message])))
        body = parsed.data
      }
      return await handler({ body: body as S extends z.ZodType ? z.infer<S> : undefined, params: await route.params, request })
    } catch (error) {
      if (error instanceof SyntaxError) return errorResponse(badRequest('The request body must be JSON.'))
      return errorResponse(error)
    }
  }
}
