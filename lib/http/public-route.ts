import type { z } from 'zod'
import { clientAddress } from './client-address'
import { errorResponse, parseJsonBody } from './problem'

interface PublicContext<Body> {
  body: Body
  request: Request
  /** For coarse rate limits only (see client-address.ts). */
  clientAddress: string
}

/** The door for routes used without a session (sign-up, links from mails): body validation and error answers. */
export function publicRoute<S extends z.ZodType | undefined = undefined>(
  options: { body?: S },
  handler: (context: PublicContext<S extends z.ZodType ? z.infer<S> : undefined>) => Promise<Response>,
) {
  return async (request: Request): Promise<Response> => {
    try {
      const body = (options.body ? await parseJsonBody(request, options.body) : undefined) as S extends z.ZodType ? z.infer<S> : undefined
      return await handler({ body, request, clientAddress: clientAddress(request.headers.get('x-forwarded-for')) })
    } catch (error) {
      return errorResponse(error)
    }
  }
}
