'use client'

import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Field } from '@/components/ui/field'
import { ApiProblem } from '@/components/api/client'
import { teamApi } from './team-api'

export function AddMemberForm() {
  const queryClient = useQueryClient()
  const [added, setAdded] = useState<string | null>(null)
  const addMember = useMutation({
    mutationFn: teamApi.add,
    onSuccess: (_result, input) => {
      setAdded(input.name)
      return queryClient.invalidateQueries({ queryKey: ['team'] })
    },
  })
  const problem = addMember.error instanceof ApiProblem ? addMember.error : null

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const formElement = event.currentTarget
    const form = Object.fromEntries(new FormData(formElement)) as Record<string, string>
    setAdded(null)
    addMember.mutate(
      { name: form.name!, email: form.email!, password: form.password!, role: form.role === 'ADMIN' ? 'ADMIN' : 'AGENT' },
      { onSuccess: () => formElement.reset() },
    )
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4 rounded-2xl border border-slate-200 bg-white p-6 shadow-sm" aria-label="Add a team member" noValidate>
      <h2 className="text-base font-semibold">Add a team member</h2>
      {problem && !problem.fields && <Alert>{problem.message}</Alert>}
      {added && <Alert tone="success">{added} can now sign in with the email and password you set.</Alert>}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Name" name="name" required error={problem?.fields?.name} />
        <Field label="Email" name="email" type="email" required error={problem?.fields?.email} />
        <Field label="Initial password" name="password" type="password" autoComplete="new-password" required error={problem?.fields?.password} hint="Share it with them privately." />
        <div className="space-y-1">
          <label htmlFor="role" className="block text-sm font-medium text-slate-700">
            Role
          </label>
          <select id="role" name="role" defaultValue="AGENT" className="block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm">
            <option value="AGENT">Agent — takes calls</option>
            <option value="ADMIN">Admin — also manages numbers and team</option>
          </select>
        </div>
      </div>
      <Button type="submit" disabled={addMember.isPending}>
        {addMember.isPending ? 'Adding…' : 'Add member'}
      </Button>
    </form>
  )
}
