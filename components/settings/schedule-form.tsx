'use client'

import { useState } from 'react'
import { Button } from '@/components/ui/button'

// Editing one schedule: weekly intervals as day + times, dated exceptions (closed, or special hours).

export interface ScheduleInput {
  name: string
  timeZone: string
  isDefault: boolean
  intervals: { dayOfWeek: number; startMinute: number; endMinute: number }[]
  exceptions: { date: string; closed: boolean; startMinute?: number | null; endMinute?: number | null; label?: string | null }[]
}

export const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']

const toTime = (minute: number | null | undefined) => (minute == null ? '' : `${String(Math.floor(minute / 60) % 24).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`)
const toMinute = (time: string, isEnd = false) => {
  const [h, m] = time.split(':').map(Number)
  const minute = (h ?? 0) * 60 + (m ?? 0)
  // An end of 00:00 means midnight at the end of the day.
  return isEnd && minute === 0 ? 1440 : minute
}

const cell = 'rounded-md border border-slate-300 bg-white px-2 py-1 text-sm'

export function ScheduleForm({ initial, onSave, onCancel, saving, fields }: { initial: ScheduleInput; onSave: (input: ScheduleInput) => void; onCancel: () => void; saving: boolean; fields?: Record<string, string> }) {
  const [input, setInput] = useState(initial)
  const update = (patch: Partial<ScheduleInput>) => setInput((current) => ({ ...current, ...patch }))
  const setInterval = (index: number, patch: Partial<ScheduleInput['intervals'][number]>) => update({ intervals: input.intervals.map((row, i) => (i === index ? { ...row, ...patch } : row)) })
  const setException = (index: number, patch: Partial<ScheduleInput['exceptions'][number]>) => update({ exceptions: input.exceptions.map((row, i) => (i === index ? { ...row, ...patch } : row)) })

  return (
    <form
      className="space-y-5 rounded-2xl border border-slate-200 bg-white p-5 shadow-sm"
      aria-label="Schedule"
      onSubmit={(event) => {
        event.preventDefault()
        onSave(input)
      }}
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <label className="text-sm font-medium text-slate-700">
          Name
          <input className={`${cell} mt-1 block w-full`} aria-label="Schedule name" value={input.name} onChange={(e) => update({ name: e.target.value })} required />
        </label>
        <label className="text-sm font-medium text-slate-700">
          Time zone
          <input className={`${cell} mt-1 block w-full`} aria-label="Time zone" value={input.timeZone} onChange={(e) => update({ timeZone: e.target.value })} placeholder="America/New_York" required />
          {fields?.timeZone && <span className="text-xs text-red-600">{fields.timeZone}</span>}
        </label>
      </div>
      <label className="flex items-center gap-2 text-sm text-slate-700">
        <input type="checkbox" checked={input.isDefault} onChange={(e) => update({ isDefault: e.target.checked })} /> Default for numbers without a schedule
      </label>

      <fieldset className="space-y-2">
        <legend className="text-sm font-semibold text-slate-900">Weekly hours</legend>
        {input.intervals.map((row, index) => (
          <div key={index} className="flex flex-wrap items-center gap-2" data-testid="interval-row">
            <select aria-label="Day" className={cell} value={row.dayOfWeek} onChange={(e) => setInterval(index, { dayOfWeek: Number(e.target.value) })}>
              {DAYS.map((day, i) => <option key={day} value={i}>{day}</option>)}
            </select>
            <input type="time" aria-label="Opens" className={cell} value={toTime(row.startMinute)} onChange={(e) => setInterval(index, { startMinute: toMinute(e.target.value) })} />
            <span className="text-sm text-slate-500">to</span>
            <input type="time" aria-label="Closes" className={cell} value={toTime(row.endMinute)} onChange={(e) => setInterval(index, { endMinute: toMinute(e.target.value, true) })} />
            {row.endMinute <= row.startMinute && <span className="text-xs text-slate-500">(next day)</span>}
            <Button type="button" variant="secondary" onClick={() => update({ intervals: input.intervals.filter((_, i) => i !== index) })}>Remove</Button>
          </div>
        ))}
        <Button type="button" variant="secondary" onClick={() => update({ intervals: [...input.intervals, { dayOfWeek: 1, startMinute: 540, endMinute: 1020 }] })}>Add hours</Button>
      </fieldset>

      <fieldset className="space-y-2">
        <legend className="text-sm font-semibold text-slate-900">Holidays and special dates</legend>
        {input.exceptions.map((row, index) => (
          <div key={index} className="flex flex-wrap items-center gap-2" data-testid="exception-row">
            <input type="date" aria-label="Date" className={cell} value={row.date} onChange={(e) => setException(index, { date: e.target.value })} required />
            <input aria-label="Label" className={cell} value={row.label ?? ''} placeholder="Label" onChange={(e) => setException(index, { label: e.target.value || null })} />
            <label className="flex items-center gap-1 text-sm"><input type="checkbox" aria-label="Closed all day" checked={row.closed} onChange={(e) => setException(index, { closed: e.target.checked, ...(e.target.checked ? { startMinute: null, endMinute: null } : { startMinute: 600, endMinute: 840 }) })} /> Closed</label>
            {!row.closed && (
              <>
                <input type="time" aria-label="Special opening" className={cell} value={toTime(row.startMinute)} onChange={(e) => setException(index, { startMinute: toMinute(e.target.value) })} />
                <input type="time" aria-label="Special closing" className={cell} value={toTime(row.endMinute)} onChange={(e) => setException(index, { endMinute: toMinute(e.target.value, true) })} />
              </>
            )}
            <Button type="button" variant="secondary" onClick={() => update({ exceptions: input.exceptions.filter((_, i) => i !== index) })}>Remove</Button>
          </div>
        ))}
        <Button type="button" variant="secondary" onClick={() => update({ exceptions: [...input.exceptions, { date: new Date().toISOString().slice(0, 10), closed: true, label: null }] })}>Add date</Button>
      </fieldset>

      <div className="flex gap-3">
        <Button type="submit" disabled={saving}>Save schedule</Button>
        <Button type="button" variant="secondary" onClick={onCancel}>Cancel</Button>
      </div>
    </form>
  )
}
