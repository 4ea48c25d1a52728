'use client'

import { useState, type FormEvent } from 'react'

export interface Problem {
  error: string
  fields?: Record<string, string>
}

/**
 * Posts a form's fields as JSON and keeps the answer's problem (`{ error, fields }`, as
 * lib/http/problem.ts writes it) for the form to show.
 */
export function useJsonForm(url: string, onSuccess: (fields: Record<string, string>, response: Response) => Promise<void> | void, extra: Record<string, string> = {}) {
  const [problem, setProblem] = useState<Problem | null>(null)
  const [pending, setPending] = useState(false)

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const fields = { ...(Object.fromEntries(new FormData(event.currentTarget)) as Record<string, string>), ...extra }
    setPending(true)
    setProblem(null)
    try {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(fields) })
      if (!response.ok) return setProblem(await response.json().catch(() => ({ error: 'Something went wrong. Please try again.' })))
      await onSuccess(fields, response)
    } finally {
      setPending(false)
    }
  }

  return { onSubmit, problem, pending, setProblem, fieldError: (name: string) => problem?.fields?.[name] }
}
