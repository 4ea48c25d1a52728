'use client'

import Link from 'next/link'
import { usePathname } from 'next/navigation'

export const NAV_ITEMS = [
  { href: '/dashboard', label: 'Overview' },
  { href: '/calls', label: 'Calls' },
  { href: '/queues', label: 'Queues' },
  { href: '/numbers', label: 'Numbers' },
  { href: '/call-flows', label: 'Call flows' },
  { href: '/receptionist', label: 'AI receptionist' },
  { href: '/messages', label: 'Messages' },
  { href: '/voicemail', label: 'Voicemail' },
  { href: '/recordings', label: 'Recordings' },
  { href: '/usage', label: 'Usage' },
  { href: '/team', label: 'Team' },
  { href: '/settings', label: 'Settings' },
] as const

export function NavLinks() {
  const pathname = usePathname()
  return (
    <nav aria-label="Main" className="flex flex-col gap-1">
      {NAV_ITEMS.map((item) => {
        const active = pathname === item.href || pathname.startsWith(`${item.href}/`)
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={active ? 'page' : undefined}
            className={`rounded-lg px-3 py-2 text-sm font-medium transition ${active ? 'bg-brand-50 text-brand-700' : 'text-slate-600 hover:bg-slate-100 hover:text-slate-900'}`}
          >
            {item.label}
          </Link>
        )
      })}
    </nav>
  )
}
