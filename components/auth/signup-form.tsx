'use client'

import { signIn } from 'next-auth/react'
import Link from 'next/link'
import { useRouter } from 'next/navigation'
import { useState, type FormEvent } from 'react'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Field } from '@/components/ui/field'

interface Problem {
  error: string
  fields?: Record<string, string>
}

export function SignupForm() {
  const router = useRouter()
  const [problem, setProblem] = useState<Problem | null>(null)
  const [pending, setPending] = useState(false)

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const form = Object.fromEntries(new FormData(event.currentTarget)) as Record<string, string>
    setPending(true)
    setProblem(null)
    const response = await fetch('/api/signup', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(form) })
    if (!response.ok) {
      setPending(false)
      setProblem(await response.json().catch(() => ({ error: 'Something went wrong. Please try again.' })))
      return
    }
    const result = await signIn('credentials', { email: form.email, password: form.password, redirect: false })
    setPending(false)
    if (result?.error) return setProblem({ error: result.error })
    router.push('/dashboard')
    router.refresh()
  }

  const fieldError = (name: string) => problem?.fields?.[name]

  return (
    <form onSubmit={onSubmit} className="space-y-5" noValidate>
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Create your account</h1>
        <p className="mt-1 text-sm text-slate-600">Set up your organization. You can add your team next.</p>
      </div>
      {problem && !problem.fields && <Alert>{problem.error}</Alert>}
      <Field label="Organization name" name="organizationName" autoComplete="organization" required error={fieldError('organizationName')} />
      <Field label="Your name" name="name" autoComplete="name" required error={fieldError('name')} />
      <Field label="Work email" name="email" type="email" autoComplete="email" required error={fieldError('email')} />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        error={fieldError('password')}
        hint="At least 10 characters, mixing letters with numbers or symbols."
      />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? 'Creating your account…' : 'Create account'}
      </Button>
      <p className="text-center text-sm text-slate-600">
        Already have an account?{' '}
        <Link href="/login" className="font-medium text-brand-600 hover:underline">
          Sign in
        </Link>
      </p>
    </form>
  )
}
