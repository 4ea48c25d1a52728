import { PageHeader } from './page-header'

export function ComingSoon({ title, description, plans }: { title: string; description: string; plans: string[] }) {
  return (
    <>
      <PageHeader title={title} description={description} />
      <section className="rounded-2xl border border-dashed border-slate-300 bg-white p-8">
        <span className="inline-flex rounded-full bg-amber-100 px-2.5 py-0.5 text-xs font-semibold text-amber-800">Coming</span>
        <p className="mt-3 text-sm text-slate-600">This part of HEKAX Phone is being built. It will let you:</p>
        <ul className="mt-3 list-disc space-y-1 pl-5 text-sm text-slate-700">
          {plans.map((plan) => (
            <li key={plan}>{plan}</li>
          ))}
        </ul>
      </section>
    </>
  )
}
