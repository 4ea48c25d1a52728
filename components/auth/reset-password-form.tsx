'use client'

import { useRouter } from 'next/navigation'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Field } from '@/components/ui/field'
import { useJsonForm } from './use-json-form'

export function ResetPasswordForm({ token }: { token: string }) {
  const router = useRouter()
  const { onSubmit, problem, pending, fieldError } = useJsonForm('/api/account/password-reset/confirm', () => router.push('/login?reset=1'), { token })

  return (
    <form onSubmit={onSubmit} className="space-y-5" noValidate>
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Choose a new password</h1>
        <p className="mt-1 text-sm text-slate-600">This signs you out on every device; sign in again with the new password.</p>
      </div>
      {problem && !problem.fields && <Alert>{problem.error}</Alert>}
      <Field label="New password" name="password" type="password" autoComplete="new-password" required error={fieldError('password')} hint="At least 10 characters, mixing letters with numbers or symbols." />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? 'Saving…' : 'Set new password'}
      </Button>
    </form>
  )
}
