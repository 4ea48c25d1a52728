// The browser side of the JSON API: errors arrive as `{ error, fields? }` and become ApiProblems
// whose message is already in plain words.
export class ApiProblem extends Error {
  constructor(
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message)
  }
}

export async function call<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, { ...init, headers: { 'content-type': 'application/json', ...init?.headers } })
  if (response.status === 204) return undefined as T
  const body = await response.json().catch(() => ({ error: 'Something went wrong. Please try again.' }))
  if (!response.ok) throw new ApiProblem(body.error, body.fields)
  return body as T
}

/** A query string from the defined values only. */
export function queryString(values: Record<string, string | undefined | null>): string {
  const params = new URLSearchParams(Object.entries(values).filter((entry): entry is [string, string] => Boolean(entry[1])))
  const text = params.toString()
  return text ? `?${text}` : ''
}
