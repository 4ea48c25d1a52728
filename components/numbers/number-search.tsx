'use client'

import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Field } from '@/components/ui/field'
import { numbersApi, type SearchForm, type SearchResult } from './numbers-api'
import type { AvailableNumber } from '@/lib/numbers/search'

const EMPTY: SearchForm = { country: 'US', type: 'local', areaCode: '', contains: '', region: '', page: 0 }
/** A suggested search (from the API) as the form's values. */
const toForm = (search: NonNullable<SearchResult['suggestion']>['search']): SearchForm => ({
  country: search.country,
  type: search.type,
  areaCode: search.areaCode ?? '',
  contains: search.contains ?? '',
  region: search.region ?? '',
  page: 0,
})
const select = 'block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm'

function Capabilities({ capabilities }: { capabilities: AvailableNumber['capabilities'] }) {
  const names = (['voice', 'sms', 'mms'] as const).filter((name) => capabilities[name])
  return <span className="text-xs text-slate-500">{names.map((name) => name.toUpperCase()).join(' · ') || 'No capabilities'}</span>
}

/** Search with filters, then buy with a confirmation that shows the monthly price. */
export function NumberSearch() {
  const queryClient = useQueryClient()
  const [form, setForm] = useState<SearchForm>(EMPTY)
  const [choice, setChoice] = useState<AvailableNumber | null>(null)
  const search = useMutation({ mutationFn: numbersApi.search })
  const buy = useMutation({
    mutationFn: (phoneNumber: string) => numbersApi.buy(phoneNumber),
    onSuccess: () => {
      setChoice(null)
      search.reset()
      void queryClient.invalidateQueries({ queryKey: ['numbers'] })
    },
  })
  const run = (next: SearchForm) => {
    setForm(next)
    setChoice(null)
    search.mutate(next)
  }
  const submit = (event: FormEvent) => {
    event.preventDefault()
    run({ ...form, page: 0 })
  }
  const set = (key: keyof SearchForm) => (event: { target: { value: string } }) => setForm({ ...form, [key]: event.target.value })
  const result: SearchResult | undefined = search.data
  const fields = (search.error as { fields?: Record<string, string> } | null)?.fields
  const price = result?.monthlyPrice ? `$${result.monthlyPrice.amount} ${result.monthlyPrice.currency} a month` : 'Twilio’s monthly price'

  return (
    <section className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm" aria-labelledby="search-heading">
      <h2 id="search-heading" className="text-base font-semibold">
        Get a new number
      </h2>
      <form onSubmit={submit} className="mt-4 grid gap-4 sm:grid-cols-3 lg:grid-cols-6">
        <div className="space-y-1">
          <label htmlFor="country" className="block text-sm font-medium text-slate-700">
            Country
          </label>
          <select id="country" className={select} value={form.country} onChange={set('country')}>
            <option value="US">United States</option>
            <option value="CA">Canada</option>
          </select>
        </div>
        <div className="space-y-1">
          <label htmlFor="type" className="block text-sm font-medium text-slate-700">
            Type
          </label>
          <select id="type" className={select} value={form.type} onChange={set('type')}>
            <option value="local">Local</option>
            <option value="tollFree">Toll-free</option>
          </select>
        </div>
        <Field label="Area code" name="areaCode" inputMode="numeric" maxLength={3} value={form.areaCode} onChange={set('areaCode')} error={fields?.areaCode} />
        <Field label="Contains" name="containsText" value={form.contains} onChange={set('contains')} error={fields?.contains} hint="Digits or letters" />
        <Field label="State or province" name="region" maxLength={2} value={form.region} onChange={set('region')} error={fields?.region} />
        <div className="flex items-end">
          <Button type="submit" disabled={search.isPending} className="w-full">
            {search.isPending ? 'Searching…' : 'Search'}
          </Button>
        </div>
      </form>

      {search.error && !fields && <div className="mt-4"><Alert>{search.error.message}</Alert></div>}
      {buy.error && <div className="mt-4"><Alert>{buy.error.message}</Alert></div>}
      {buy.data && <div className="mt-4"><Alert tone="success">{buy.data.number.phoneNumber} is yours. Calls go to the AI receptionist until you change it below.</Alert></div>}

      {result && result.numbers.length === 0 && (
        <div className="mt-4 rounded-lg border border-slate-200 bg-slate-50 px-4 py-3 text-sm text-slate-700" role="status">
          <p>No numbers match this search.</p>
          {result.suggestion && (
            <button type="button" className="mt-1 text-brand-600 hover:underline" onClick={() => run(toForm(result.suggestion!.search))}>
              {result.suggestion.message}
            </button>
          )}
        </div>
      )}

      {result && result.numbers.length > 0 && (
        <>
          <ul className="mt-4 divide-y divide-slate-100 rounded-lg border border-slate-200" aria-label="Available numbers">
            {result.numbers.map((number) => (
              <li key={number.phoneNumber} className="flex flex-wrap items-center justify-between gap-3 px-4 py-3" data-testid="available-number">
                <div>
                  <p className="font-medium text-slate-900">{number.friendlyName}</p>
                  <p className="text-xs text-slate-500">
                    {[number.locality, number.region, number.country].filter(Boolean).join(', ')} · <Capabilities capabilities={number.capabilities} />
                  </p>
                </div>
                {choice?.phoneNumber === number.phoneNumber ? (
                  <div className="flex flex-wrap items-center gap-2" role="group" aria-label="Confirm purchase">
                    <span className="text-sm text-slate-700">
                      Buy {number.friendlyName} for {price}?
                    </span>
                    <Button onClick={() => buy.mutate(number.phoneNumber)} disabled={buy.isPending}>
                      {buy.isPending ? 'Buying…' : 'Confirm purchase'}
                    </Button>
                    <Button variant="secondary" onClick={() => setChoice(null)}>
                      Cancel
                    </Button>
                  </div>
                ) : (
                  <Button variant="secondary" onClick={() => setChoice(number)} aria-label={`Buy ${number.friendlyName}`}>
                    Buy
                  </Button>
                )}
              </li>
            ))}
          </ul>
          <div className="mt-3 flex gap-2">
            {result.page > 0 && (
              <Button variant="secondary" onClick={() => run({ ...form, page: form.page - 1 })}>
                Previous
              </Button>
            )}
            {result.hasMore && (
              <Button variant="secondary" onClick={() => run({ ...form, page: form.page + 1 })}>
                More numbers
              </Button>
            )}
          </div>
        </>
      )}
    </section>
  )
}
