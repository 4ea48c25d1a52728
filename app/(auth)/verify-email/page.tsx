import Link from 'next/link'
import { Alert } from '@/components/ui/alert'

export const metadata = { title: 'Check your inbox' }

export default async function VerifyEmailPage({ searchParams }: { searchParams: Promise<{ link?: string }> }) {
  const { link } = await searchParams
  return (
    <div className="space-y-5">
      <h1 className="text-2xl font-semibold tracking-tight">{link === 'invalid' ? 'This link no longer works' : 'Check your inbox'}</h1>
      {link === 'invalid' ? (
        <Alert>The confirmation link has expired or was already used. If your email is confirmed, sign in; otherwise sign up again with the same email and we will send a new link.</Alert>
      ) : (
        <p className="text-sm text-slate-600">
          We sent an email to the address you entered. Open the link in it to confirm your address; we set up your phone system as soon as you do. The link works once, for 48 hours.
        </p>
      )}
      <p className="text-sm text-slate-600">
        <Link href="/login" className="font-medium text-brand-600 hover:underline">
          Sign in
        </Link>{' '}
        ·{' '}
        <Link href="/signup" className="font-medium text-brand-600 hover:underline">
          Sign up again
        </Link>
      </p>
    </div>
  )
}
