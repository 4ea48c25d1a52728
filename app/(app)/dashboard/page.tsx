import Link from 'next/link'
import { PageHeader } from '@/components/shell/page-header'
import { requireMember } from '@/lib/auth/session'
import { prisma } from '@/lib/db/client'
import { ProvisioningStatus } from '@/components/shell/provisioning-status'

export const metadata = { title: 'Overview' }

export default async function DashboardPage() {
  const { user, organization, db } = await requireMember()
  const [members, numbers, calls, telephony] = await Promise.all([
    db.user.count(),
    db.phoneNumber.count({ where: { status: 'ACTIVE' } }),
    db.callLog.count(),
    prisma().organization.findUniqueOrThrow({ where: { id: organization.id }, select: { provisioningStatus: true, provisioningStep: true, provisioningError: true } }),
  ])
  const stats = [
    { label: 'Team members', value: members, href: '/team' },
    { label: 'Phone numbers', value: numbers, href: '/numbers' },
    { label: 'Calls', value: calls, href: '/calls' },
  ]
  return (
    <>
      <PageHeader title={`Welcome, ${user.name.split(' ')[0]}`} description={`Here is how ${organization.name} is set up.`} />
      <ProvisioningStatus initial={telephony} canRetry={user.role !== 'AGENT'} />
      <section className="grid gap-4 sm:grid-cols-3">
        {stats.map((stat) => (
          <Link key={stat.label} href={stat.href} className="rounded-2xl border border-slate-200 bg-white p-5 shadow-sm transition hover:border-brand-500/40">
            <p className="text-sm text-slate-500">{stat.label}</p>
            <p className="mt-2 text-3xl font-semibold text-slate-900">{stat.value}</p>
          </Link>
        ))}
      </section>
      <section className="mt-8 rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
        <h2 className="text-base font-semibold">Getting started</h2>
        <ol className="mt-3 list-decimal space-y-2 pl-5 text-sm text-slate-700">
          <li>
            <Link href="/team" className="text-brand-600 hover:underline">
              Invite your team
            </Link>{' '}
            so agents can take calls in the browser.
          </li>
          <li>Buy a phone number and choose who answers: the AI receptionist, a person or a queue.</li>
          <li>Set your business hours and what callers hear after hours.</li>
        </ol>
      </section>
    </>
  )
}
