import { describe, expect, it } from 'vitest'
import { containsPattern, INVENTORY, partialNumberPattern, searchInventory, TOLL_FREE_PREFIXES } from './inventory'

const regex = (pattern: string) => {
  const result = containsPattern(pattern)
  if (typeof result === 'string') throw new Error(result)
  return result
}

describe('the number inventory', () => {
  it('holds valid, distinct US numbers: local ones with a place, toll-free ones on the toll-free prefixes', () => {
    expect(new Set(INVENTORY.map((n) => n.phoneNumber)).size).toBe(INVENTORY.length)
    for (const number of INVENTORY) {
      expect(number.phoneNumber).toMatch(/^\+1[2-9]\d\d[2-9]\d{6}$/)
      expect(number.phoneNumber.slice(5, 8)).not.toBe('555')
      if (number.tollFree) expect(TOLL_FREE_PREFIXES).toContain(number.phoneNumber.slice(2, 5))
      else expect(number.region && number.locality && number.rateCenter && number.lata).toBeTruthy()
    }
  })
})

describe('Contains patterns', () => {
  it('match digits anywhere, letters as on a keypad, and * as one digit', () => {
    expect(regex('5551').test('14155551234')).toBe(true)
    expect(regex('STORE').source).toBe('78673')
    expect(regex('510555****').test('15105551234')).toBe(true)
    expect(regex('510555****').test('1510555123')).toBe(false)
    expect(regex('**15').test('14155551234')).toBe(true)
  })

  it('anchor with a leading + and a trailing $, and take % for a run of digits', () => {
    expect(regex('+1415').test('14155551234')).toBe(true)
    expect(regex('+415').test('14155551234')).toBe(false)
    expect(regex('1234$').test('14155551234')).toBe(true)
    expect(regex('1415$').test('14155551234')).toBe(false)
    expect(regex('%34').test('14155551234')).toBe(true)
  })

  it('reject what Twilio rejects', () => {
    for (const bad of ['5', '12345678901234567', '41-5', '4*5', '*5', '+*41', '41%$', '4+1', 'ab$c']) {
      expect(typeof containsPattern(bad), bad).toBe('string')
    }
  })
})

describe('searching', () => {
  it('filters by area code, region, locality and availability', () => {
    const all = () => true
    const seattle = searchInventory({ tollFree: false, areaCode: '206', isAvailable: all })
    expect(seattle.length).toBeGreaterThan(0)
    expect(seattle.every((n) => n.region === 'WA' && n.locality === 'Seattle')).toBe(true)
    expect(searchInventory({ tollFree: false, inRegion: 'ny', isAvailable: all }).map((n) => n.phoneNumber.slice(2, 5))).toEqual(expect.arrayContaining(['212', '646']))
    const taken = seattle[0]!.phoneNumber
    expect(searchInventory({ tollFree: false, areaCode: '206', isAvailable: (n) => n !== taken }).map((n) => n.phoneNumber)).not.toContain(taken)
  })

  it('matches partial PhoneNumber filters with * wildcards', () => {
    expect(partialNumberPattern('415*55').test('14155551234')).toBe(true)
    expect(partialNumberPattern('+1415').test('14155551234')).toBe(true)
    expect(partialNumberPattern('999').test('14155551234')).toBe(false)
  })
})
