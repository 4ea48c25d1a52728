import { DateTime } from 'luxon'

// Business hours as a pure function of a schedule and an instant. A schedule is a week of
// intervals in wall-clock minutes of its IANA time zone, plus dated exceptions. Time-zone rules
// (daylight saving gaps and repeated hours) come from luxon over Intl's tz database, never from
// hand-written offsets: an instant is turned into the zone's local date and minute, and the
// schedule is read in local time — so 01:30 in a repeated hour is 01:30 both times, and a local
// time that does not exist (02:30 on a spring-forward day) is never reached.

export interface WeeklyInterval {
  /** 0 = Sunday … 6 = Saturday. */
  dayOfWeek: number
  /** Minutes after local midnight, 0…1439. */
  startMinute: number
  /** Exclusive, 1…1440; an end at or before the start runs over midnight into the next day. */
  endMinute: number
}

export interface DatedException {
  /** Local calendar date YYYY-MM-DD. */
  date: string
  /** Closed all day; otherwise open from startMinute to endMinute instead of the weekly hours. */
  closed: boolean
  startMinute?: number | null
  endMinute?: number | null
  label?: string | null
}

export interface Schedule {
  name: string
  timeZone: string
  intervals: WeeklyInterval[]
  exceptions: DatedException[]
}

export interface ScheduleStatus {
  open: boolean
  /** When the state changes next (closing time when open, next opening when closed); null if never within a year. */
  until: Date | null
  /** The exception in force today, if any (e.g. "Christmas Day"). */
  exception: DatedException | null
}

interface Span {
  startMinute: number
  /** May exceed 1440 for a span running over midnight. */
  endMinute: number
}

export function isValidTimeZone(zone: string): boolean {
  return DateTime.local().setZone(zone).isValid
}

/** The spans a local date opens for, by the exception for that date or the weekly intervals. */
function spansOf(schedule: Schedule, date: DateTime): Span[] {
  const iso = date.toISODate()
  const exception = schedule.exceptions.find((e) => e.date === iso)
  if (exception) {
    if (exception.closed || exception.startMinute == null || exception.endMinute == null) return []
    return [toSpan(exception.startMinute, exception.endMinute)]
  }
  const dayOfWeek = date.weekday % 7
  return schedule.intervals.filter((i) => i.dayOfWeek === dayOfWeek).map((i) => toSpan(i.startMinute, i.endMinute))
}

function toSpan(startMinute: number, endMinute: number): Span {
  return { startMinute, endMinute: endMinute <= startMinute ? endMinute + 1440 : endMinute }
}

/** The instant a local date's minute (which may run past 1440 into following days) falls on. */
function instantOf(date: DateTime, minute: number): DateTime {
  const day = date.plus({ days: Math.floor(minute / 1440) })
  const m = minute % 1440
  // For a wall time inside a spring-forward gap luxon moves forward by the gap's length.
  return DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour: Math.floor(m / 60), minute: m % 60 }, { zone: date.zone })
}

function minuteOfDay(local: DateTime): number {
  return local.hour * 60 + local.minute + local.second / 60
}

/** The span (as instants) open at `instant`, if any: today's, or yesterday's running over midnight. */
function openSpanAt(schedule: Schedule, local: DateTime): { start: DateTime; end: DateTime } | null {
  const today = local.startOf('day')
  const minute = minuteOfDay(local)
  for (const span of spansOf(schedule, today)) {
    if (span.startMinute <= minute && minute < span.endMinute) return { start: instantOf(today, span.startMinute), end: instantOf(today, span.endMinute) }
  }
  const yesterday = today.minus({ days: 1 })
  for (const span of spansOf(schedule, yesterday)) {
    if (span.endMinute > 1440 && minute < span.endMinute - 1440) return { start: instantOf(yesterday, span.startMinute), end: instantOf(yesterday, span.endMinute) }
  }
  return null
}

export function isOpen(schedule: Schedule, at: Date): boolean {
  return openSpanAt(schedule, DateTime.fromJSDate(at, { zone: schedule.timeZone })) !== null
}

export function scheduleStatus(schedule: Schedule, at: Date): ScheduleStatus {
  const local = DateTime.fromJSDate(at, { zone: schedule.timeZone })
  const exception = schedule.exceptions.find((e) => e.date === local.toISODate()) ?? null
  let span = openSpanAt(schedule, local)
  if (!span) return { open: false, until: nextOpening(schedule, local), exception }
  // Back-to-back spans (e.g. 22:00–24:00 then 00:00–06:00) are one opening.
  for (let guard = 0; guard < 14; guard++) {
    const next = openSpanAt(schedule, span.end)
    if (!next || next.end <= span.end) break
    span = next
  }
  return { open: true, until: span.end.toJSDate(), exception }
}

function nextOpening(schedule: Schedule, local: DateTime): Date | null {
  const today = local.startOf('day')
  for (let offset = 0; offset <= 366; offset++) {
    const day = today.plus({ days: offset })
    const starts = spansOf(schedule, day).map((span) => instantOf(day, span.startMinute)).filter((start) => start > local).sort((a, b) => a.toMillis() - b.toMillis())
    if (starts[0]) return starts[0].toJSDate()
  }
  return null
}

/** "Mon 09:00" in the schedule's zone, or with the date when it is more than 6 days away. */
export function describeLocal(schedule: Schedule, instant: Date, from: Date): string {
  const local = DateTime.fromJSDate(instant, { zone: schedule.timeZone })
  const days = local.diff(DateTime.fromJSDate(from, { zone: schedule.timeZone }), 'days').days
  return local.toFormat(days > 6 ? 'ccc d LLL HH:mm' : 'ccc HH:mm', { locale: 'en-US' })
}

/** Why the schedule is open or closed, for the call timeline: "closed until Mon 09:00". */
export function describeStatus(schedule: Schedule, status: ScheduleStatus, at: Date): string {
  const why = status.exception?.label ? ` (${status.exception.label})` : ''
  if (status.open) return `open${why}${status.until ? ` until ${describeLocal(schedule, status.until, at)}` : ''}`
  return `closed${why}${status.until ? ` until ${describeLocal(schedule, status.until, at)}` : ''}`
}
