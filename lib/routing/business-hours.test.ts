import { describe, expect, it } from 'vitest'
import { describeStatus, isOpen, scheduleStatus, type Schedule } from './business-hours'

const weekdays = (startMinute: number, endMinute: number) => [1, 2, 3, 4, 5].map((dayOfWeek) => ({ dayOfWeek, startMinute, endMinute }))
const utc = (iso: string) => new Date(iso)

const office: Schedule = { name: 'Main', timeZone: 'America/New_York', intervals: [...weekdays(9 * 60, 12 * 60), ...weekdays(13 * 60, 17 * 60)], exceptions: [] }

describe('weekly intervals', () => {
  it('is open inside an interval and closed at its exclusive end, at lunch and at the weekend', () => {
    // 2026-12-01 is a Tuesday; New York is UTC-5 in December.
    expect(isOpen(office, utc('2026-12-01T14:00:00Z'))).toBe(true) // 09:00 local, the first minute
    expect(isOpen(office, utc('2026-12-01T13:59:59Z'))).toBe(false) // 08:59:59
    expect(isOpen(office, utc('2026-12-01T16:59:59Z'))).toBe(true) // 11:59:59
    expect(isOpen(office, utc('2026-12-01T17:00:00Z'))).toBe(false) // 12:00, lunch
    expect(isOpen(office, utc('2026-12-01T22:00:00Z'))).toBe(false) // 17:00, the end is exclusive
    expect(isOpen(office, utc('2026-12-05T15:00:00Z'))).toBe(false) // Saturday
  })

  it('says when it opens next and when it closes', () => {
    const friday = scheduleStatus(office, utc('2026-12-04T23:00:00Z')) // Fri 18:00
    expect(friday.open).toBe(false)
    expect(friday.until).toEqual(utc('2026-12-07T14:00:00Z')) // Mon 09:00
    expect(describeStatus(office, friday, utc('2026-12-04T23:00:00Z'))).toBe('closed until Mon 09:00')
    const morning = scheduleStatus(office, utc('2026-12-01T15:00:00Z'))
    expect(morning).toMatchObject({ open: true, until: utc('2026-12-01T17:00:00Z') })
  })

  it('runs an interval over midnight and joins back-to-back intervals into one opening', () => {
    const night: Schedule = { name: 'Night', timeZone: 'Europe/Berlin', intervals: [{ dayOfWeek: 5, startMinute: 22 * 60, endMinute: 6 * 60 }, { dayOfWeek: 6, startMinute: 6 * 60, endMinute: 8 * 60 }], exceptions: [] }
    // Friday 2026-12-04 23:30 Berlin (UTC+1) and Saturday 05:59.
    expect(isOpen(night, utc('2026-12-04T22:30:00Z'))).toBe(true)
    expect(isOpen(night, utc('2026-12-05T04:59:00Z'))).toBe(true)
    expect(isOpen(night, utc('2026-12-05T07:00:00Z'))).toBe(false) // Saturday 08:00
    expect(scheduleStatus(night, utc('2026-12-04T22:30:00Z')).until).toEqual(utc('2026-12-05T07:00:00Z'))
    // Friday's night does not spill into Thursday's or Saturday's nights.
    expect(isOpen(night, utc('2026-12-03T23:00:00Z'))).toBe(false)
  })
})

describe('dated exceptions', () => {
  const withHolidays: Schedule = {
    ...office,
    exceptions: [
      { date: '2026-12-25', closed: true, label: 'Christmas Day' },
      { date: '2026-12-26', closed: false, startMinute: 10 * 60, endMinute: 14 * 60, label: 'Boxing Day opening' },
    ],
  }

  it('closes all day on a holiday and says until when', () => {
    const at = utc('2026-12-25T15:00:00Z') // Friday 10:00
    const status = scheduleStatus(withHolidays, at)
    expect(status.open).toBe(false)
    expect(status.until).toEqual(utc('2026-12-26T15:00:00Z')) // the special Saturday opening at 10:00
    expect(describeStatus(withHolidays, status, at)).toBe('closed (Christmas Day) until Sat 10:00')
  })

  it('opens on a special date with its own hours instead of the weekly ones', () => {
    expect(isOpen(withHolidays, utc('2026-12-26T15:00:00Z'))).toBe(true) // Saturday 10:00
    expect(isOpen(withHolidays, utc('2026-12-26T19:00:00Z'))).toBe(false) // 14:00
  })

  it('never opens when a schedule has no hours at all', () => {
    expect(scheduleStatus({ ...office, intervals: [] }, utc('2026-12-01T15:00:00Z'))).toMatchObject({ open: false, until: null })
  })
})

describe('daylight-saving changes', () => {
  // Open 01:00–03:00 every day: spans both the gap (spring) and the repeated hour (autumn).
  const early = (timeZone: string): Schedule => ({ name: 'Early', timeZone, intervals: [0, 1, 2, 3, 4, 5, 6].map((dayOfWeek) => ({ dayOfWeek, startMinute: 60, endMinute: 180 })), exceptions: [] })

  it('New York spring forward (8 Mar 2026, 02:00 → 03:00): the interval lasts one real hour', () => {
    const ny = early('America/New_York')
    expect(isOpen(ny, utc('2026-03-08T06:00:00Z'))).toBe(true) // 01:00 EST
    expect(isOpen(ny, utc('2026-03-08T06:59:00Z'))).toBe(true) // 01:59 EST
    expect(isOpen(ny, utc('2026-03-08T07:00:00Z'))).toBe(false) // 03:00 EDT: 02:xx never happened
    expect(scheduleStatus(ny, utc('2026-03-08T06:30:00Z')).until).toEqual(utc('2026-03-08T07:00:00Z'))
  })

  it('New York fall back (1 Nov 2026, 02:00 → 01:00): open through both 01:xx hours', () => {
    const ny = early('America/New_York')
    expect(isOpen(ny, utc('2026-11-01T05:30:00Z'))).toBe(true) // 01:30 EDT
    expect(isOpen(ny, utc('2026-11-01T06:30:00Z'))).toBe(true) // 01:30 EST, the repeated hour
    expect(isOpen(ny, utc('2026-11-01T07:30:00Z'))).toBe(true) // 02:30 EST
    expect(isOpen(ny, utc('2026-11-01T08:00:00Z'))).toBe(false) // 03:00 EST
  })

  it('Berlin spring forward (29 Mar 2026) and fall back (25 Oct 2026)', () => {
    const berlin = early('Europe/Berlin')
    expect(isOpen(berlin, utc('2026-03-29T00:30:00Z'))).toBe(true) // 01:30 CET
    expect(isOpen(berlin, utc('2026-03-29T01:00:00Z'))).toBe(false) // 03:00 CEST
    expect(isOpen(berlin, utc('2026-10-25T00:30:00Z'))).toBe(true) // 02:30 CEST
    expect(isOpen(berlin, utc('2026-10-25T01:30:00Z'))).toBe(true) // 02:30 CET, the repeated hour
    expect(isOpen(berlin, utc('2026-10-25T02:00:00Z'))).toBe(false) // 03:00 CET
  })

  it('an opening inside the spring-forward gap starts when the clocks jump', () => {
    const gap: Schedule = { name: 'Gap', timeZone: 'America/New_York', intervals: [{ dayOfWeek: 0, startMinute: 150, endMinute: 240 }], exceptions: [] }
    // Sunday 8 Mar 2026 00:00 EST: 02:30 does not exist; the opening moves forward by the gap, to 03:30 EDT (07:30Z).
    expect(scheduleStatus(gap, utc('2026-03-08T05:00:00Z')).until).toEqual(utc('2026-03-08T07:30:00Z'))
    expect(isOpen(gap, utc('2026-03-08T07:45:00Z'))).toBe(true) // 03:45 EDT
  })

  it('weekly hours stay on local time across the change', () => {
    // Monday 9 Mar 2026 09:00 EDT is 13:00Z, a week earlier it was 14:00Z.
    expect(isOpen(office, utc('2026-03-09T13:00:00Z'))).toBe(true)
    expect(isOpen(office, utc('2026-03-02T13:00:00Z'))).toBe(false)
    expect(isOpen(office, utc('2026-03-02T14:00:00Z'))).toBe(true)
  })
})
