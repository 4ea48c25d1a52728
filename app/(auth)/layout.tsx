import type { ReactNode } from 'react'
import { Logo } from '@/components/brand/logo'

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center bg-gradient-to-br from-brand-50 via-white to-slate-100 px-4 py-12">
      <div className="mb-8">
        <Logo />
      </div>
      <div className="w-full max-w-md rounded-2xl border border-slate-200 bg-white p-8 shadow-xl shadow-slate-200/60">{children}</div>
      <p className="mt-6 text-xs text-slate-500">Business phone numbers, a browser softphone and an AI receptionist.</p>
    </main>
  )
}
