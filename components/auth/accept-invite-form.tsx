'use client'

import { signIn } from 'next-auth/react'
import { useRouter } from 'next/navigation'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Field } from '@/components/ui/field'
import { useJsonForm } from './use-json-form'

interface Props {
  token: string
  invitation: { organizationName: string; email: string; name: string; role: string }
}

export function AcceptInviteForm({ token, invitation }: Props) {
  const router = useRouter()
  const form = useJsonForm(
    '/api/account/invitation/accept',
    async (fields) => {
      // The new member lands signed in with the password they just chose.
      const result = await signIn('credentials', { email: invitation.email, password: fields.password, redirect: false })
      if (result?.error) return form.setProblem({ error: result.error })
      router.push('/dashboard')
      router.refresh()
    },
    { token },
  )

  return (
    <form onSubmit={form.onSubmit} className="space-y-5" noValidate>
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Join {invitation.organizationName}</h1>
        <p className="mt-1 text-sm text-slate-600">
          You were invited as {invitation.role === 'ADMIN' ? 'an admin' : 'an agent'} with {invitation.email}. Choose your password to accept.
        </p>
      </div>
      {form.problem && !form.problem.fields && <Alert>{form.problem.error}</Alert>}
      <Field label="Your name" name="name" autoComplete="name" required defaultValue={invitation.name} error={form.fieldError('name')} />
      <Field label="Password" name="password" type="password" autoComplete="new-password" required error={form.fieldError('password')} hint="At least 10 characters, mixing letters with numbers or symbols." />
      <Button type="submit" className="w-full" disabled={form.pending}>
        {form.pending ? 'Joining…' : 'Accept invitation'}
      </Button>
    </form>
  )
}
