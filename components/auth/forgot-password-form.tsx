'use client'

import Link from 'next/link'
import { useState } from 'react'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Field } from '@/components/ui/field'
import { useJsonForm } from './use-json-form'

export function ForgotPasswordForm() {
  const [sentTo, setSentTo] = useState<string | null>(null)
  const { onSubmit, problem, pending, fieldError } = useJsonForm('/api/account/password-reset', (fields) => setSentTo(fields.email!))

  return (
    <form onSubmit={onSubmit} className="space-y-5" noValidate>
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Forgot your password?</h1>
        <p className="mt-1 text-sm text-slate-600">Enter your email and we will send you a link to choose a new one.</p>
      </div>
      {problem && !problem.fields && <Alert>{problem.error}</Alert>}
      {sentTo && <Alert tone="success">Check your inbox: we sent an email to {sentTo}. The link works once, for 30 minutes.</Alert>}
      <Field label="Email" name="email" type="email" autoComplete="email" required error={fieldError('email')} />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? 'Sending…' : 'Send reset link'}
      </Button>
      <p className="text-center text-sm text-slate-600">
        <Link href="/login" className="font-medium text-brand-600 hover:underline">
          Back to sign in
        </Link>
      </p>
    </form>
  )
}
