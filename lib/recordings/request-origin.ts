import { clientAddress } from '@/lib/http/client-address'
import type { RequestOrigin } from './playback'

/** Where a member's request came from, for the audit log. */
export const requestOrigin = (request: Request): RequestOrigin => ({ address: clientAddress(request.headers.get('x-forwarded-for')), userAgent: request.headers.get('user-agent')?.slice(0, 300) ?? null })
