import { describe, expect, it } from 'vitest'
import { broaderSearch, searchSchema } from './search'

describe('the broader search suggested when nothing matches', () => {
  const base = searchSchema.parse({})

  it('drops the most specific filter first: digits, then area code, then region, then tries toll-free', () => {
    const full = { ...base, areaCode: '415', contains: '77', region: 'CA' }
    const steps: string[] = []
    let search: typeof base | undefined = full
    while (search) {
      const next = broaderSearch(search)
      if (!next) break
      steps.push(next.message)
      search = next.search
    }
    expect(steps).toEqual([
      'No numbers contain “77”. Try without the digits filter.',
      'No numbers in area code 415. Try anywhere in CA.',
      'No numbers in CA. Try the whole country.',
      'No local numbers are available. Try toll-free numbers.',
    ])
    expect(search).toEqual({ ...base, type: 'tollFree' })
  })

  it('has nothing broader than a toll-free search without filters', () => {
    expect(broaderSearch({ ...base, type: 'tollFree' })).toBeNull()
  })

  it('explains each bad filter', () => {
    const parsed = searchSchema.safeParse({ country: 'MX', type: 'mobile', areaCode: '099', contains: 'a', region: 'Ontario' })
    expect(parsed.success).toBe(false)
    expect(parsed.error!.issues.map((issue) => issue.path[0]).sort()).toEqual(['areaCode', 'contains', 'country', 'region', 'type'])
    // Empty query-string values mean "no filter".
    expect(searchSchema.parse({ areaCode: '', contains: '', region: '' })).toEqual(base)
  })
})
