import type { ReactNode } from 'react'
import { Logo } from '@/components/brand/logo'
import { NavLinks } from '@/components/shell/nav-links'
import { SignOutButton } from '@/components/shell/sign-out-button'
import { SoftphonePanel } from '@/components/softphone/softphone-panel'
import { SoftphoneProvider } from '@/components/softphone/softphone-provider'
import { requireMember } from '@/lib/auth/session'
import { config } from '@/lib/config/env'

export default async function AppLayout({ children }: { children: ReactNode }) {
  const { user, organization } = await requireMember()
  return (
    // The softphone lives in the shell, beside every signed-in page, so a call survives navigation.
    <SoftphoneProvider>
      <div className="flex min-h-screen flex-col md:flex-row">
        <aside className="hidden w-60 shrink-0 flex-col border-r border-slate-200 bg-white px-4 py-6 md:flex">
          <div className="px-2">
            <Logo />
          </div>
          <p className="mt-6 truncate px-3 text-xs font-semibold uppercase tracking-wider text-slate-400" data-testid="org-name">
            {organization.name}
          </p>
          <div className="mt-2">
            <NavLinks />
          </div>
          <div className="mt-auto border-t border-slate-200 px-3 pt-4">
            <p className="truncate text-sm font-medium text-slate-900">{user.name}</p>
            <p className="truncate text-xs text-slate-500">
              {user.email} · {user.role.toLowerCase()}
            </p>
            <div className="mt-3">
              <SignOutButton />
            </div>
          </div>
        </aside>
        <main className="min-w-0 flex-1 px-6 py-8 md:px-10">
          <div className="mx-auto max-w-5xl">{children}</div>
        </main>
        <aside aria-label="Phone" className="shrink-0 px-4 pb-6 md:w-80 md:border-l md:border-slate-200 md:py-6">
          <div className="md:sticky md:top-6">
            <SoftphonePanel outboundCallCountries={config().outboundCallCountries} />
          </div>
        </aside>
      </div>
    </SoftphoneProvider>
  )
}
