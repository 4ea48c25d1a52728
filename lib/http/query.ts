import type { z } from 'zod'
import { badRequest } from './problem'

/** A request's query string checked against a schema; a bad value answers 400 naming it. */
export function parseQuery<S extends z.ZodType>(request: Request, schema: S): z.infer<S> {
  const parsed = schema.safeParse(Object.fromEntries(new URL(request.url).searchParams))
  if (!parsed.success) throw badRequest('Invalid query.', Object.fromEntries(parsed.error.issues.map((issue) => [issue.path.join('.'), issue.message])))
  return parsed.data
}
