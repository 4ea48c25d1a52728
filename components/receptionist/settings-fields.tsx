'use client'

import type { ReactNode } from 'react'
import type { Queue } from '@/components/numbers/numbers-api'
import { REALTIME_VOICES } from '@/lib/numbers/voices'
import { LANGUAGES, receptionistInstructions, type Language, type ReceptionistSettings, type TurnDetection } from '@/lib/receptionist/settings'
import { TOOL_NAMES, type ToolName } from '@/lib/receptionist/tools'
import { AUDIO_FORMATS, type AudioFormat } from '@/lib/telephony/audio-formats'
import type { Agent } from './receptionist-api'
import { fieldError } from './settings-draft'

// The receptionist's settings as controls: one controlled form for the organization's settings
// and for a number's (which edits its effective settings). The API validates; its field errors
// are shown under the control they name.

const input = 'mt-1 block w-full rounded-lg border px-3 py-2 text-sm font-normal shadow-sm outline-none focus:ring-2 focus:ring-brand-500/40'
const border = (error?: string) => (error ? 'border-red-400' : 'border-slate-300')

const TOOL_LABELS: Record<ToolName, { label: string; hint: string }> = {
  business_hours: { label: 'Answer opening hours', hint: 'From your business hours, in your time zone.' },
  take_message: { label: 'Take messages', hint: 'Name, callback number, reason and urgency; they appear under Messages.' },
  transfer_call: { label: 'Transfer calls', hint: 'To the teams, people and outside numbers below.' },
  end_call: { label: 'Hang up after goodbye', hint: 'Once the caller has nothing more and the goodbye has played.' },
}

function Problem({ id, message }: { id: string; message?: string }) {
  return message ? (
    <p id={id} className="mt-1 text-sm font-normal text-red-600">
      {message}
    </p>
  ) : null
}

function Section({ title, description, children }: { title: string; description?: string; children: ReactNode }) {
  return (
    <fieldset className="space-y-4 rounded-2xl border border-slate-200 bg-white p-4 shadow-sm">
      <legend className="px-1 font-semibold text-slate-900">{title}</legend>
      {description && <p className="-mt-2 text-sm text-slate-600">{description}</p>}
      {children}
    </fieldset>
  )
}

/** A labelled control with its API error; `path` is the field's path in the API's errors. */
function Labelled({ label, path, fields, hint, children }: { label: string; path: string; fields?: Record<string, string>; hint?: string; children: (props: { id: string; className: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => ReactNode }) {
  const error = fieldError(fields, path)
  const id = `ai-${path}`
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      {children({ id, className: `${input} ${border(error)}`, 'aria-invalid': Boolean(error), 'aria-describedby': error ? `${id}-error` : undefined })}
      {hint && !error && <p className="mt-1 text-xs text-slate-500">{hint}</p>}
      <Problem id={`${id}-error`} message={error} />
    </div>
  )
}

const AUDIO_FORMAT_LABELS: Record<AudioFormat, string> = { pcmu: 'Telephone audio as it comes (G.711 μ-law, 8 kHz)', pcm16: 'Resampled to 24 kHz PCM' }

function Options<T extends string>({ values, label = (value) => value }: { values: readonly T[]; label?: (value: T) => string }) {
  return values.map((value) => (
    <option key={value} value={value}>
      {label(value)}
    </option>
  ))
}

const numberOrNaN = (text: string) => (text.trim() === '' ? Number.NaN : Number(text))

export interface SettingsChoices {
  businessName: string
  agents: Agent[]
  queues: Queue[]
}

export function SettingsFields({ value, onChange, fields, choices }: { value: ReceptionistSettings; onChange: (next: ReceptionistSettings) => void; fields?: Record<string, string>; choices: SettingsChoices }) {
  const set = <K extends keyof ReceptionistSettings>(key: K, next: ReceptionistSettings[K]) => onChange({ ...value, [key]: next })
  const toggle = (list: string[], item: string, on: boolean) => (on ? [...list, item] : list.filter((entry) => entry !== item))
  const turn = value.turnDetection
  const setTurn = (next: TurnDetection) => set('turnDetection', next)
  const brief = receptionistInstructions(value, { name: value.businessName || choices.businessName }, [])

  return (
    <div className="space-y-6">
      <Section title="Your business" description="What the receptionist knows about you. It never makes up facts it was not given.">
        <Labelled label="Business name" path="businessName" fields={fields} hint={`Empty: your organization’s name (${choices.businessName}).`}>
          {(props) => <input {...props} value={value.businessName} placeholder={choices.businessName} onChange={(event) => set('businessName', event.target.value)} />}
        </Labelled>
        <Labelled label="About the business" path="businessDescription" fields={fields} hint="What you do, where you are, what callers usually ask.">
          {(props) => <textarea {...props} rows={3} value={value.businessDescription} onChange={(event) => set('businessDescription', event.target.value)} />}
        </Labelled>
      </Section>

      <Section title="Greeting and voice">
        <Labelled label="Greeting" path="greeting" fields={fields} hint="The first thing a caller hears.">
          {(props) => <input {...props} value={value.greeting} onChange={(event) => set('greeting', event.target.value)} />}
        </Labelled>
        <div className="grid gap-4 sm:grid-cols-2">
          <Labelled label="Voice" path="voice" fields={fields}>
            {(props) => (
              <select {...props} value={value.voice} onChange={(event) => set('voice', event.target.value as ReceptionistSettings['voice'])}>
                <Options values={REALTIME_VOICES} />
              </select>
            )}
          </Labelled>
          <Labelled label="Language" path="language" fields={fields} hint="It switches if the caller speaks another.">
            {(props) => (
              <select {...props} value={value.language} onChange={(event) => set('language', event.target.value as Language)}>
                <Options values={Object.keys(LANGUAGES) as Language[]} label={(code) => LANGUAGES[code]} />
              </select>
            )}
          </Labelled>
        </div>
      </Section>

      <Section title="Instructions" description="The receptionist follows a brief written for a phone receptionist; add your own instructions to it.">
        <Labelled label="Your instructions" path="instructions" fields={fields} hint="For example: “We do not take bookings by phone; point callers to our website.”">
          {(props) => <textarea {...props} rows={4} value={value.instructions} onChange={(event) => set('instructions', event.target.value)} />}
        </Labelled>
        <details className="text-sm">
          <summary className="cursor-pointer font-medium text-brand-700">What the receptionist is told</summary>
          <pre className="mt-2 whitespace-pre-wrap rounded-lg bg-slate-50 p-3 text-xs text-slate-700" data-testid="receptionist-brief">
            {brief}
          </pre>
          <p className="mt-1 text-xs text-slate-500">On each call it also learns who may take a transfer and what the business knows of the caller.</p>
        </details>
      </Section>

      <Section title="What it can do">
        <ul className="space-y-3">
          {TOOL_NAMES.map((tool) => (
            <li key={tool}>
              <label className="flex items-start gap-3 text-sm">
                <input type="checkbox" className="mt-1" checked={value.tools[tool]} onChange={(event) => set('tools', { ...value.tools, [tool]: event.target.checked })} />
                <span>
                  <span className="font-medium text-slate-900">{TOOL_LABELS[tool].label}</span>
                  <span className="block text-slate-500">{TOOL_LABELS[tool].hint}</span>
                </span>
              </label>
            </li>
          ))}
        </ul>
        <Problem id="ai-tools-error" message={fieldError(fields, 'tools')} />
      </Section>

      {value.tools.transfer_call && (
        <Section title="Transfers" description="Who the receptionist may put callers through to. A person is offered only while they are available and not on a call.">
          <div>
            <p className="text-sm font-medium text-slate-700">Teams</p>
            {choices.queues.length === 0 ? (
              <p className="text-sm text-slate-500">No queues yet (make them on the Numbers page).</p>
            ) : (
              <>
                <div className="mt-1 flex flex-wrap gap-4">
                  {choices.queues.map((queue) => (
                    <label key={queue.id} className="flex items-center gap-2 text-sm">
                      <input type="checkbox" checked={value.transferQueues.some((name) => name.toLowerCase() === queue.name.toLowerCase())} onChange={(event) => set('transferQueues', toggle(value.transferQueues, queue.name, event.target.checked))} />
                      {queue.name}
                    </label>
                  ))}
                </div>
                <p className="mt-1 text-xs text-slate-500">None ticked: every team.</p>
              </>
            )}
            <Problem id="ai-transferQueues-error" message={fieldError(fields, 'transferQueues')} />
          </div>
          <div>
            <p className="text-sm font-medium text-slate-700">People</p>
            <div className="mt-1 flex flex-wrap gap-4">
              {choices.agents.map((agent) => (
                <label key={agent.id} className="flex items-center gap-2 text-sm">
                  <input type="checkbox" checked={value.transferAgents.includes(agent.id)} onChange={(event) => set('transferAgents', toggle(value.transferAgents, agent.id, event.target.checked))} />
                  {agent.name} <span className="text-xs text-slate-500">({agent.availability.toLowerCase()})</span>
                </label>
              ))}
            </div>
            <Problem id="ai-transferAgents-error" message={fieldError(fields, 'transferAgents')} />
          </div>
          <div>
            <p className="text-sm font-medium text-slate-700">Outside numbers</p>
            <ul className="mt-1 space-y-2">
              {value.transferNumbers.map((entry, index) => {
                const update = (changes: Partial<typeof entry>) => set('transferNumbers', value.transferNumbers.map((other, at) => (at === index ? { ...other, ...changes } : other)))
                const error = fieldError(fields, `transferNumbers.${index}`)
                return (
                  <li key={index} className="flex flex-wrap items-start gap-2" data-testid="transfer-number">
                    <input aria-label={`Name of outside number ${index + 1}`} className={`${input} ${border(error)} !mt-0 w-48`} placeholder="Name callers ask for" value={entry.name} onChange={(event) => update({ name: event.target.value })} />
                    <input aria-label={`Outside number ${index + 1}`} aria-invalid={Boolean(error)} aria-describedby={error ? `ai-transferNumbers-${index}-error` : undefined} className={`${input} ${border(error)} !mt-0 w-48 font-mono`} placeholder="+14155550123" value={entry.e164} onChange={(event) => update({ e164: event.target.value })} />
                    <button type="button" className="px-2 py-2 text-sm text-red-700 hover:underline" onClick={() => set('transferNumbers', value.transferNumbers.filter((_, at) => at !== index))}>
                      Remove
                    </button>
                    <div className="basis-full">
                      <Problem id={`ai-transferNumbers-${index}-error`} message={error} />
                    </div>
                  </li>
                )
              })}
            </ul>
            <button type="button" className="mt-2 text-sm font-medium text-brand-700 hover:underline" onClick={() => set('transferNumbers', [...value.transferNumbers, { name: '', e164: '' }])}>
              Add an outside number
            </button>
          </div>
          <Labelled label="When to offer a transfer" path="transferWhen" fields={fields} hint="In your words, e.g. “billing questions go to Accounts”.">
            {(props) => <input {...props} value={value.transferWhen} onChange={(event) => set('transferWhen', event.target.value)} />}
          </Labelled>
          <Labelled label="When a person or an outside number does not answer" path="transferNoAnswer" fields={fields}>
            {(props) => (
              <select {...props} value={value.transferNoAnswer} onChange={(event) => set('transferNoAnswer', event.target.value as ReceptionistSettings['transferNoAnswer'])}>
                <option value="receptionist">Back to the receptionist</option>
                <option value="voicemail">Straight to voicemail</option>
              </select>
            )}
          </Labelled>
        </Section>
      )}

      <Section title="Listening" description="How the receptionist decides the caller has finished speaking, and what counts as an interruption.">
        <Labelled label="Turn detection" path="turnDetection.type" fields={fields}>
          {(props) => (
            <select {...props} value={turn.type} onChange={(event) => setTurn(event.target.value === 'semantic_vad' ? { type: 'semantic_vad', eagerness: 'auto' } : { type: 'server_vad', threshold: 0.5, silenceMs: 500 })}>
              <option value="server_vad">By silence (server VAD)</option>
              <option value="semantic_vad">By meaning (semantic VAD)</option>
            </select>
          )}
        </Labelled>
        {turn.type === 'server_vad' ? (
          <div className="grid gap-4 sm:grid-cols-2">
            <Labelled label="Speech threshold (0–1)" path="turnDetection.threshold" fields={fields} hint="Higher ignores more background noise.">
              {(props) => <input {...props} type="number" step="0.05" value={Number.isNaN(turn.threshold) ? '' : turn.threshold} onChange={(event) => setTurn({ ...turn, threshold: numberOrNaN(event.target.value) })} />}
            </Labelled>
            <Labelled label="Silence that ends a turn (ms)" path="turnDetection.silenceMs" fields={fields} hint="200 to 3000.">
              {(props) => <input {...props} type="number" step="50" value={Number.isNaN(turn.silenceMs) ? '' : turn.silenceMs} onChange={(event) => setTurn({ ...turn, silenceMs: numberOrNaN(event.target.value) })} />}
            </Labelled>
          </div>
        ) : (
          <Labelled label="Eagerness" path="turnDetection.eagerness" fields={fields} hint="Low lets the caller pause and think; high answers sooner.">
            {(props) => (
              <select {...props} value={turn.eagerness} onChange={(event) => setTurn({ type: 'semantic_vad', eagerness: event.target.value as typeof turn.eagerness })}>
                <Options values={['auto', 'low', 'medium', 'high'] as const} />
              </select>
            )}
          </Labelled>
        )}
        <Labelled label="Speech before it stops for an interruption (ms)" path="minBargeInMs" fields={fields} hint="A cough or a short “mhm” shorter than this does not stop the receptionist. 0 to 1000.">
          {(props) => <input {...props} type="number" step="50" value={Number.isNaN(value.minBargeInMs) ? '' : value.minBargeInMs} onChange={(event) => set('minBargeInMs', numberOrNaN(event.target.value))} />}
        </Labelled>
        <Labelled label="Audio format" path="audioFormat" fields={fields} hint="Telephone audio as it comes is the fastest; 24 kHz PCM has the media server resample it.">
          {(props) => (
            <select {...props} value={value.audioFormat} onChange={(event) => set('audioFormat', event.target.value as AudioFormat)}>
              <Options values={AUDIO_FORMATS} label={(format) => AUDIO_FORMAT_LABELS[format]} />
            </select>
          )}
        </Labelled>
      </Section>
    </div>
  )
}
