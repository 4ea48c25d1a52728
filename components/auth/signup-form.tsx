'use client'

import Link from 'next/link'
import { useRouter } from 'next/navigation'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Field } from '@/components/ui/field'
import { useJsonForm } from './use-json-form'

export function SignupForm() {
  const router = useRouter()
  // The answer is the same for a new and a taken email; the mail tells which.
  const { onSubmit, problem, pending, fieldError } = useJsonForm('/api/signup', () => router.push('/verify-email'))

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
