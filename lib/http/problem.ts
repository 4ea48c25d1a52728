import { z } from 'zod'

// Errors are values at the boundary: domain modules throw these, route wrappers turn them into
// JSON answers `{ error, fields? }` with the right status, and anything else becomes a 500
// whose details stay in the server log.
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message)
  }
}

export const notFound = (what = 'Not found') => new HttpError(404, what)
export const forbidden = (why = 'You do not have permission to do this.') => new HttpError(403, why)
export const conflict = (why: string, fields?: Record<string, string>) => new HttpError(409, why, fields)
export const badRequest = (why: string, fields?: Record<string, string>) => new HttpError(400, why, fields)

export function errorResponse(error: unknown): Response {
  if (error instanceof HttpError) {
    return Response.json({ error: error.message, ...(error.fields && { fields: error.fields }) }, { status: error.status })
  }
  console.error('Unhandled error in route handler', error)
  return Response.json({ error: 'Something went wrong. Please try again.' }, { status: 500 })
}

/** Parses a JSON body against a schema; a failure names each field and why. */
export async function parseJsonBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  let raw: unknown
  try {
    raw = await request.json()
  } catch {
    throw badRequest('The request body must be JSON.')
  }
  return validated(schema, raw, 'body')
}

/** The schema's value, or a 400 naming each field and why. */
function validated<S extends z.ZodType>(schema: S, raw: unknown, whole: string): z.infer<S> {
  const parsed = schema.safeParse(raw)
  if (!parsed.success) {
    const fields = Object.fromEntries(parsed.error.issues.map((issue) => [issue.path.join('.') || whole, issue.message]))
    throw badRequest('Please correct the highlighted fields.', fields)
  }
  return parsed.data
}

/** Parses a request's query string against a schema, with the same field-by-field errors. */
export function parseSearchParams<S extends z.ZodType>(request: Request, schema: S): z.infer<S> {
  return validated(schema, Object.fromEntries(new URL(request.url).searchParams), 'query')
}
