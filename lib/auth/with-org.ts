import { getToken } from 'next-auth/jwt'
import type { NextRequest } from 'next/server'
import type { z } from 'zod'
import { config } from '@/lib/config/env'
import { prisma } from '@/lib/db/client'
import { errorResponse, forbidden, HttpError, parseJsonBody } from '@/lib/http/problem'
import { scopedDb, type ScopedDb } from '@/lib/tenancy/scoped-db'
import { isCurrentSession } from './session-version'

type Role = 'OWNER' | 'ADMIN' | 'AGENT'

export interface OrgContext<Body, Params> {
  db: ScopedDb
  organizationId: string
  user: { id: string; role: Role; name: string; email: string }
  body: Body
  params: Params
  request: NextRequest
}

interface Options<S extends z.ZodType | undefined> {
  roles?: Role[]
  body?: S
}

/**
 * The only door to signed-in API routes: it resolves the session to a user that still exists
 * (a removed member's cookie stops working at once) and whose password has not changed since
 * (a reset ends every session), checks the role, validates the body, and
 * hands the handler a database client already scoped to that user's organization.
 */
export function withOrg<S extends z.ZodType | undefined = undefined, Params = Record<string, never>>(
  options: Options<S>,
  handler: (context: OrgContext<S extends z.ZodType ? z.infer<S> : undefined, Params>) => Promise<Response>,
) {
  return async (request: NextRequest, route: { params: Promise<Params> }): Promise<Response> => {
    try {
      const token = await getToken({ req: request, secret: config().secrets.session })
      const user = token?.sub ? await prisma().user.findUnique({ where: { id: token.sub } }) : null
      if (!user || !isCurrentSession(user, token?.sessionVersion)) throw new HttpError(401, 'Please sign in.')
      if (options.roles && !options.roles.includes(user.role)) throw forbidden()
      const body = (options.body ? await parseJsonBody(request, options.body) : undefined) as S extends z.ZodType ? z.infer<S> : undefined
      return await handler({
        db: scopedDb(prisma(), user.organizationId),
        organizationId: user.organizationId,
        user: { id: user.id, role: user.role, name: user.name, email: user.email },
        body,
        params: await route.params,
        request,
      })
    } catch (error) {
      return errorResponse(error)
    }
  }
}
