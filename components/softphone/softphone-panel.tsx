'use client'

// The softphone docked in the app shell: always shows the phone's state, rings with a card for an
// incoming call (who calls, the number they called, their previous calls), runs the live call
// (timer, mute, keypad, hold, transfer, hang up, levels) and otherwise offers the dial pad.

import { useQuery } from '@tanstack/react-query'
import { useEffect, useState, type FormEvent } from 'react'
import { call as apiCall } from '@/components/api/client'
import { callsApi, formatDuration, LIVE_STATUSES } from '@/components/calls/calls-api'
import { checkDialTarget } from '@/lib/softphone/dial-rules'
import { CallControls } from './call-controls'
import type { Phase } from './softphone-state'
import { useLevels, useSoftphoneControls, type Availability, type LevelStore } from './softphone-provider'

const PHASE_LABEL: Record<Phase, string> = {
  offline: 'Offline',
  registering: 'Connecting…',
  ready: 'Ready',
  ringing: 'Ringing',
  'on-call': 'On a call',
  reconnecting: 'Reconnecting…',
}
const PHASE_DOT: Record<Phase, string> = {
  offline: 'bg-slate-400',
  registering: 'bg-amber-400',
  ready: 'bg-emerald-500',
  ringing: 'bg-brand-500 animate-pulse',
  'on-call': 'bg-red-500',
  reconnecting: 'bg-amber-500 animate-pulse',
}
const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#']

export function SoftphonePanel({ outboundCallCountries }: { outboundCallCountries: string[] }) {
  const phone = useSoftphoneControls()
  const { state } = phone
  return (
    <section aria-label="Softphone" className="rounded-xl border border-slate-200 bg-white shadow-sm">
      <header className="flex items-center justify-between gap-2 border-b border-slate-100 px-4 py-3">
        <p role="status" aria-live="polite" data-testid="softphone-state" data-phase={state.phase} className="flex items-center gap-2 text-sm font-semibold text-slate-900">
          <span aria-hidden className={`h-2.5 w-2.5 rounded-full ${PHASE_DOT[state.phase]}`} />
          {PHASE_LABEL[state.phase]}
        </p>
        <label className="flex items-center gap-1 text-xs text-slate-500">
          <span className="sr-only">Availability</span>
          <select
            aria-label="Availability"
            value={phone.availability}
            onChange={(event) => void phone.setAvailability(event.target.value as Availability)}
            className="rounded-md border border-slate-300 bg-white px-2 py-1 text-xs text-slate-700"
          >
            <option value="AVAILABLE">Available</option>
            <option value="BUSY">Busy</option>
            <option value="OFFLINE">Offline</option>
          </select>
        </label>
      </header>
      <div className="space-y-3 px-4 py-3">
        {state.error && (
          <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-xs text-red-800">
            {state.error}
            {phone.sandboxGateway && !state.registered && (
              // The sandbox's gateway has a self-signed certificate, which a browser refuses for a WebSocket until accepted once.
              <>
                {' '}
                Sandbox mode: open{' '}
                <a href={`https://${phone.sandboxGateway}/`} target="_blank" rel="noreferrer" className="font-semibold underline">
                  the local phone gateway
                </a>{' '}
                once, accept its certificate, then reload this page.
              </>
            )}
          </p>
        )}
        <MicrophoneNotice />
        {state.incoming && !state.call ? <IncomingCard /> : state.call ? <LiveCall outboundCallCountries={outboundCallCountries} /> : <DialPad outboundCallCountries={outboundCallCountries} />}
        <AudioSettings />
      </div>
    </section>
  )
}

function MicrophoneNotice() {
  const { microphone, requestMicrophone } = useSoftphoneControls()
  if (microphone === 'denied') {
    return (
      <p role="alert" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-xs text-amber-900">
        The browser is blocking your microphone, so callers would not hear you. Allow microphone access for this site (the icon in the address bar), then reload the page.
      </p>
    )
  }
  if (microphone !== 'prompt') return null
  return (
    <div className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-xs text-slate-700">
      <p>The softphone needs your microphone for calls.</p>
      <button type="button" onClick={() => void requestMicrophone()} className="mt-1 font-semibold text-brand-700 hover:underline">
        Allow microphone
      </button>
    </div>
  )
}

function IncomingCard() {
  const { state, accept, reject } = useSoftphoneControls()
  const incoming = state.incoming!
  // The caller's earlier calls from the call log (ended ones: the ringing call is in it too),
  // looked up afresh for each call.
  const history = useQuery({ queryKey: ['softphone-history', incoming.callSid], queryFn: () => callsApi.list({ q: incoming.from }), staleTime: Infinity })
  const previous = (history.data?.calls ?? []).filter((call) => !LIVE_STATUSES.includes(call.status) && (call.fromNumber === incoming.from || call.toNumber === incoming.from)).slice(0, 3)
  return (
    <div role="dialog" aria-label="Incoming call" className="space-y-2">
      <p className="text-xs uppercase tracking-wider text-slate-400">Incoming call</p>
      <p className="text-lg font-semibold text-slate-900" data-testid="incoming-caller">
        {incoming.from}
      </p>
      {incoming.calledNumber && (
        <p className="text-xs text-slate-500">
          called <span data-testid="incoming-called">{incoming.calledNumber}</span>
        </p>
      )}
      <div className="text-xs text-slate-600">
        <p className="font-medium text-slate-700">Previous calls</p>
        {history.isPending ? (
          <p>Looking them up…</p>
        ) : previous.length === 0 ? (
          <p data-testid="previous-calls">First call from this number.</p>
        ) : (
          <ul data-testid="previous-calls" className="mt-1 space-y-0.5">
            {previous.map((call) => (
              <li key={call.id}>
                {new Date(call.startedAt).toLocaleString()} · {call.status} · {formatDuration(call.durationSeconds)}
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="flex gap-2 pt-1">
        <button type="button" onClick={accept} className="flex-1 rounded-lg bg-emerald-600 px-3 py-2 text-sm font-semibold text-white hover:bg-emerald-700">
          Accept
        </button>
        <button type="button" onClick={reject} className="flex-1 rounded-lg border border-red-200 bg-white px-3 py-2 text-sm font-semibold text-red-700 hover:bg-red-50">
          Decline
        </button>
      </div>
    </div>
  )
}

function LiveCall({ outboundCallCountries }: { outboundCallCountries: string[] }) {
  const { state, hangUp, setMuted, sendDigits, levels } = useSoftphoneControls()
  const [keypad, setKeypad] = useState(false)
  const [pressed, setPressed] = useState('')
  const call = state.call!
  return (
    <div role="group" aria-label="Call in progress" className="space-y-2">
      <p className="text-xs uppercase tracking-wider text-slate-400">{call.direction === 'incoming' ? 'Call from' : 'Calling'}</p>
      <p className="text-lg font-semibold text-slate-900" data-testid="call-peer">
        {call.peer}
      </p>
      <p className="text-sm tabular-nums text-slate-600" data-testid="call-timer">
        {call.connectedAt === null ? 'Ringing…' : <CallTimer since={call.connectedAt} />}
      </p>
      <LevelMeters levels={levels} />
      <div className="flex gap-2">
        <button type="button" aria-pressed={call.muted} onClick={() => setMuted(!call.muted)} className={`flex-1 rounded-lg border px-3 py-2 text-sm font-semibold ${call.muted ? 'border-amber-300 bg-amber-50 text-amber-800' : 'border-slate-300 bg-white text-slate-700'}`}>
          {call.muted ? 'Unmute' : 'Mute'}
        </button>
        <button type="button" aria-expanded={keypad} onClick={() => setKeypad(!keypad)} className="flex-1 rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm font-semibold text-slate-700">
          Keypad
        </button>
      </div>
      {keypad && (
        <div>
          <p className="h-5 text-center font-mono text-sm text-slate-700" aria-label="Keys pressed">
            {pressed}
          </p>
          <Keys
            label="Call keypad"
            onKey={(key) => {
              sendDigits(key)
              setPressed((text) => (text + key).slice(-16))
            }}
          />
        </div>
      )}
      {/* Hold and transfer need the agent's leg, which the SDK reports once the call is connected. */}
      {call.callSid && call.connectedAt !== null && <CallControls key={call.callSid} callSid={call.callSid} outboundCallCountries={outboundCallCountries} />}
      <button type="button" onClick={hangUp} className="w-full rounded-lg bg-red-600 px-3 py-2 text-sm font-semibold text-white hover:bg-red-700">
        Hang up
      </button>
    </div>
  )
}

function CallTimer({ since }: { since: number }) {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [])
  return <>{formatDuration(Math.max(0, Math.floor((now - since) / 1000)))}</>
}

/** The microphone's and the other party's levels, as the SDK reports them (0–1 over −100…−30 dB). */
function LevelMeters({ levels }: { levels: LevelStore }) {
  const { input, output } = useLevels(levels)
  return (
    <div className="space-y-1 text-[11px] text-slate-500">
      {[
        ['You', input],
        ['Caller', output],
      ].map(([label, level]) => (
        <div key={label as string} className="flex items-center gap-2">
          <span className="w-10">{label}</span>
          <div role="meter" aria-label={`${label} level`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round((level as number) * 100)} className="h-1.5 flex-1 rounded-full bg-slate-100">
            <div className="h-1.5 rounded-full bg-emerald-500" style={{ width: `${Math.round((level as number) * 100)}%` }} />
          </div>
        </div>
      ))}
    </div>
  )
}

function Keys({ label, onKey }: { label: string; onKey: (key: string) => void }) {
  return (
    <div role="group" aria-label={label} className="grid grid-cols-3 gap-1">
      {KEYS.map((key) => (
        <button key={key} type="button" onClick={() => onKey(key)} className="rounded-md border border-slate-200 bg-white py-1.5 font-mono text-sm text-slate-800 hover:bg-slate-50">
          {key}
        </button>
      ))}
    </div>
  )
}

interface NumberOption {
  id: string
  phoneNumber: string
  friendlyName: string | null
  status: string
}

function DialPad({ outboundCallCountries }: { outboundCallCountries: string[] }) {
  const { state, connect } = useSoftphoneControls()
  const [number, setNumber] = useState('')
  const [callerId, setCallerId] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  // Asked again each time the pad shows (after every call): numbers are bought while the phone is open.
  const numbers = useQuery({ queryKey: ['softphone-numbers'], queryFn: () => apiCall<{ numbers: NumberOption[] }>('/api/numbers'), refetchOnMount: 'always' })
  const activeOf = (list: NumberOption[] | undefined) => (list ?? []).filter((n) => n.status === 'ACTIVE')
  const active = activeOf(numbers.data?.numbers)
  const chosen = callerId || active[0]?.phoneNumber || ''

  async function dial(event: FormEvent) {
    event.preventDefault()
    // The same rules the TwiML App's voice URL applies (lib/softphone/dial-rules.ts), so a bad
    // number is explained here before anything is placed; the server refuses it anyway.
    const check = checkDialTarget(number, outboundCallCountries)
    if (!check.ok) return setProblem(check.message)
    // No number known yet: one may have been bought since the list was read.
    const from = chosen || (check.target.kind === 'number' ? (activeOf((await numbers.refetch()).data?.numbers)[0]?.phoneNumber ?? '') : '')
    if (check.target.kind === 'number' && !from) return setProblem('Your organization needs a phone number before you can place calls.')
    setProblem(null)
    const to = check.target.kind === 'number' ? check.target.e164 : `client:${check.target.identity}`
    void connect(from ? { To: to, CallerId: from } : { To: to })
  }

  return (
    <form onSubmit={(event) => void dial(event)} aria-label="Dial pad" className="space-y-2">
      <label className="block text-xs font-medium text-slate-600">
        Number to call
        <input
          value={number}
          onChange={(event) => setNumber(event.target.value)}
          inputMode="tel"
          placeholder="+14155550123"
          aria-invalid={problem ? true : undefined}
          className="mt-1 w-full rounded-md border border-slate-300 px-2 py-1.5 font-mono text-sm text-slate-900"
        />
      </label>
      {problem && (
        <p role="alert" className="text-xs text-red-700">
          {problem}
        </p>
      )}
      <Keys label="Dial keys" onKey={(key) => setNumber((text) => text + key)} />
      {active.length > 1 ? (
        <label className="block text-xs font-medium text-slate-600">
          Call from
          <select value={chosen} onChange={(event) => setCallerId(event.target.value)} className="mt-1 w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm">
            {active.map((n) => (
              <option key={n.id} value={n.phoneNumber}>
                {n.friendlyName ? `${n.friendlyName} (${n.phoneNumber})` : n.phoneNumber}
              </option>
            ))}
          </select>
        </label>
      ) : (
        chosen && <p className="text-xs text-slate-500">Calls show {chosen}</p>
      )}
      <button type="submit" disabled={!state.registered} className="w-full rounded-lg bg-emerald-600 px-3 py-2 text-sm font-semibold text-white hover:bg-emerald-700 disabled:cursor-not-allowed disabled:bg-emerald-600/50">
        Call
      </button>
    </form>
  )
}

function AudioSettings() {
  const { audioDevices, selectInput, selectOutput } = useSoftphoneControls()
  return (
    <details className="text-xs text-slate-600">
      <summary className="cursor-pointer select-none text-slate-500">Audio devices</summary>
      <div className="mt-2 space-y-2">
        <DeviceSelect label="Microphone" devices={audioDevices.inputs} selected={audioDevices.input} onSelect={selectInput} />
        {audioDevices.outputSelectable ? (
          <DeviceSelect label="Speaker" devices={audioDevices.outputs} selected={audioDevices.output} onSelect={selectOutput} />
        ) : (
          <p className="text-slate-500">This browser plays calls on its default speaker.</p>
        )}
      </div>
    </details>
  )
}

function DeviceSelect({ label, devices, selected, onSelect }: { label: string; devices: MediaDeviceInfo[]; selected: string | null; onSelect: (deviceId: string) => Promise<void> }) {
  return (
    <label className="block">
      {label}
      <select value={selected ?? ''} onChange={(event) => void onSelect(event.target.value)} className="mt-1 w-full rounded-md border border-slate-300 bg-white px-2 py-1 text-xs">
        {selected === null && <option value="">Default</option>}
        {devices.map((device) => (
          <option key={device.deviceId} value={device.deviceId}>
            {device.label || label}
          </option>
        ))}
      </select>
    </label>
  )
}
