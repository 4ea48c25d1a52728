'use client'

// The agent's phone in the browser: one Voice SDK Device for the signed-in member, held by the
// app shell so it survives navigation, and its state as the pure reducer of softphone-state.ts.
// Pages use it through useSoftphone() ({ state, activeCall, connect }); the docked panel
// (softphone-panel.tsx) uses the rest (accept, reject, mute, keys, availability, audio devices).
//
// Every way a call ends — hang-up, cancel, reject, an error that closes it — goes through one
// `ended` per call, so no ghost call survives a failure.

import type { Call, Device } from '@twilio/voice-sdk'
import { createContext, useCallback, useContext, useEffect, useMemo, useReducer, useRef, useState, useSyncExternalStore, type ReactNode } from 'react'
import { call as apiCall, ApiProblem } from '@/components/api/client'
import type { DeviceOptions } from '@/lib/softphone/device-options'
import { audioConstraintsFor } from './audio-constraints'
import { plainSdkError } from './sdk-errors'
import { initialSoftphoneState, softphoneReducer, type SoftphoneState } from './softphone-state'

export type Availability = 'AVAILABLE' | 'BUSY' | 'OFFLINE'
export type MicrophoneAccess = 'unknown' | 'prompt' | 'granted' | 'denied'

export interface ActiveCallRef {
  callSid: string
  direction: 'incoming' | 'outgoing'
}

export interface Softphone {
  state: SoftphoneState
  /** The live call once Twilio has named it (an outgoing call is named when it connects). */
  activeCall: ActiveCallRef | null
  /** Places a call through the TwiML App (`To`, and `CallerId`: one of the organization's numbers). */
  connect(params: Record<string, string>): Promise<void>
}

export interface SoftphoneControls extends Softphone {
  accept(): void
  reject(): void
  hangUp(): void
  setMuted(muted: boolean): void
  sendDigits(digits: string): void
  availability: Availability
  setAvailability(status: Availability): Promise<void>
  microphone: MicrophoneAccess
  requestMicrophone(): Promise<void>
  audioDevices: { inputs: MediaDeviceInfo[]; outputs: MediaDeviceInfo[]; input: string | null; output: string | null; outputSelectable: boolean }
  selectInput(deviceId: string): Promise<void>
  selectOutput(deviceId: string): Promise<void>
  /** Input and output levels of the live call (0–1), ~20 times a second; kept out of React state. */
  levels: LevelStore
  /** In sandbox mode, the signaling gateway's host:port (its certificate must be accepted once). */
  sandboxGateway: string | null
}

interface VoiceToken {
  token: string
  identity: string
  deviceOptions: DeviceOptions
}

const TOKEN_RETRY_MS = 5000
const fetchToken = () => apiCall<VoiceToken>('/api/voice/token', { method: 'POST' })
const putAvailability = (status: Availability) => apiCall('/api/agents/me/availability', { method: 'PUT', body: JSON.stringify({ status }) })
const problemText = (error: unknown) => (error instanceof ApiProblem ? error.message : plainSdkError(error as { code?: number; message?: string }))

/** The call's audio levels as a tiny external store, so 20 updates a second re-render only the meters. */
export class LevelStore {
  private value = { input: 0, output: 0 }
  private readonly listeners = new Set<() => void>()
  readonly subscribe = (listener: () => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
  readonly get = () => this.value
  set(input: number, output: number): void {
    this.value = { input, output }
    for (const listener of this.listeners) listener()
  }
}

export function useLevels(store: LevelStore) {
  return useSyncExternalStore(store.subscribe, store.get, store.get)
}

const SoftphoneContext = createContext<SoftphoneControls | null>(null)

export function SoftphoneProvider({ children }: { children: ReactNode }) {
  const [state, dispatch] = useReducer(softphoneReducer, initialSoftphoneState)
  const [activeCall, setActiveCall] = useState<ActiveCallRef | null>(null)
  const [availability, setAvailabilityState] = useState<Availability>('AVAILABLE')
  const [microphone, setMicrophone] = useState<MicrophoneAccess>('unknown')
  const [audioDevices, setAudioDevices] = useState<SoftphoneControls['audioDevices']>({ inputs: [], outputs: [], input: null, output: null, outputSelectable: false })
  const deviceRef = useRef<Device | null>(null)
  const callRef = useRef<Call | null>(null)
  const incomingRef = useRef<Call | null>(null)
  /** What the agent chose; a (re-)registered softphone reports it (AVAILABLE unless they chose otherwise). */
  const wantedRef = useRef<Availability>('AVAILABLE')
  const [levels] = useState(() => new LevelStore())
  const [sandboxGateway, setSandboxGateway] = useState<string | null>(null)
  const constraints = useMemo(() => (typeof navigator === 'undefined' ? undefined : audioConstraintsFor(navigator.userAgent)), [])

  const refreshDevices = useCallback(() => {
    const audio = deviceRef.current?.audio
    if (!audio) return
    setAudioDevices({
      inputs: [...audio.availableInputDevices.values()],
      outputs: [...audio.availableOutputDevices.values()],
      input: audio.inputDevice?.deviceId ?? null,
      output: [...audio.speakerDevices.get()][0]?.deviceId ?? null,
      outputSelectable: audio.isOutputSelectionSupported,
    })
  }, [])

  /** Follows one call to its end, whichever way it ends. */
  const watchCall = useCallback(
    (call: Call, direction: 'incoming' | 'outgoing', peer: string) => {
      callRef.current = call
      let over = false
      const ended = () => {
        if (over) return
        over = true
        if (callRef.current === call) callRef.current = null
        setActiveCall(null)
        levels.set(0, 0)
        dispatch({ type: 'call-ended' })
      }
      call.on('accept', () => {
        const callSid = call.parameters.CallSid ?? null
        if (callSid) setActiveCall({ callSid, direction })
        dispatch({ type: 'accepted', callSid, direction, peer, at: Date.now() })
      })
      call.on('mute', (muted: boolean) => dispatch({ type: 'muted', muted }))
      call.on('volume', (input: number, output: number) => levels.set(input, output))
      call.on('reconnecting', () => dispatch({ type: 'reconnecting' }))
      call.on('reconnected', () => dispatch({ type: 'reconnected' }))
      call.on('disconnect', ended)
      call.on('cancel', ended)
      call.on('reject', ended)
      call.on('error', (error: { code?: number; message?: string }) => {
        dispatch({ type: 'error', message: plainSdkError(error) })
        if (call.status() === 'closed') ended()
      })
    },
    [levels],
  )

  useEffect(() => {
    let disposed = false
    if (navigator.permissions?.query) {
      navigator.permissions
        .query({ name: 'microphone' as PermissionName })
        .then((status) => {
          const update = () => !disposed && setMicrophone(status.state === 'granted' ? 'granted' : status.state === 'denied' ? 'denied' : 'prompt')
          update()
          status.onchange = update
        })
        .catch(() => {})
    }

    /** The first token; while it is refused (the phone system still being set up, a network blip) the refusal shows and it is asked again. */
    async function firstToken(): Promise<VoiceToken | null> {
      for (;;) {
        try {
          return await fetchToken()
        } catch (error) {
          if (disposed) return null
          dispatch({ type: 'unregistered' })
          dispatch({ type: 'error', message: problemText(error) })
          await new Promise((resolve) => setTimeout(resolve, TOKEN_RETRY_MS))
          if (disposed) return null
        }
      }
    }

    async function start() {
      dispatch({ type: 'registering' })
      const issued = await firstToken()
      if (!issued) return
      if ('chunderw' in issued.deviceOptions) setSandboxGateway(issued.deviceOptions.chunderw)
      const { Device } = await import('@twilio/voice-sdk')
      if (disposed) return
      // deviceOptions comes from the server for the current mode; in sandbox mode it carries the
      // SDK's internal `chunderw` option, which its public types do not list.
      const device = new Device(issued.token, { ...(issued.deviceOptions as Device.Options), allowIncomingWhileBusy: false })
      deviceRef.current = device
      device.on('registering', () => dispatch({ type: 'registering' }))
      device.on('registered', () => {
        dispatch({ type: 'registered' })
        putAvailability(wantedRef.current).then(() => setAvailabilityState(wantedRef.current), (error) => dispatch({ type: 'error', message: problemText(error) }))
      })
      device.on('unregistered', () => dispatch({ type: 'unregistered' }))
      device.on('error', (error: { code?: number; message?: string }) => dispatch({ type: 'error', message: plainSdkError(error) }))
      device.on('tokenWillExpire', () => {
        fetchToken().then(
          (renewed) => device.updateToken(renewed.token),
          (error) => dispatch({ type: 'error', message: problemText(error) }),
        )
      })
      device.on('incoming', (call: Call) => {
        if (callRef.current || incomingRef.current) return void call.reject()
        incomingRef.current = call
        const calledTo = call.parameters.To
        dispatch({
          type: 'incoming',
          call: {
            callSid: call.parameters.CallSid ?? '',
            from: call.customParameters.get('callerNumber') ?? call.parameters.From ?? 'Unknown caller',
            calledNumber: call.customParameters.get('calledNumber') ?? (calledTo && !calledTo.startsWith('client:') ? calledTo : null),
          },
        })
        const gone = () => {
          if (incomingRef.current !== call) return
          incomingRef.current = null
          dispatch({ type: 'incoming-gone' })
        }
        for (const event of ['cancel', 'reject', 'disconnect', 'error'] as const) call.on(event, gone)
      })
      device.audio?.on('deviceChange', refreshDevices)
      if (constraints) await device.audio?.setAudioConstraints(constraints)
      refreshDevices()
      await device.register()
    }
    start().catch((error) => {
      if (disposed) return
      dispatch({ type: 'unregistered' })
      dispatch({ type: 'error', message: problemText(error) })
    })
    return () => {
      disposed = true
      deviceRef.current?.destroy()
      deviceRef.current = null
    }
  }, [constraints, refreshDevices])

  const connect = useCallback(
    async (params: Record<string, string>) => {
      const device = deviceRef.current
      if (!device) {
        dispatch({ type: 'error', message: 'The softphone is not connected yet.' })
        return
      }
      if (callRef.current) return
      const peer = params.To ?? ''
      dispatch({ type: 'dialing', peer })
      try {
        const call = await device.connect({ params, rtcConstraints: constraints ? { audio: constraints } : undefined })
        watchCall(call, 'outgoing', peer)
      } catch (error) {
        dispatch({ type: 'error', message: plainSdkError(error as { code?: number; message?: string }) })
        dispatch({ type: 'call-ended' })
      }
    },
    [constraints, watchCall],
  )

  const accept = useCallback(() => {
    const call = incomingRef.current
    if (!call) return
    incomingRef.current = null
    watchCall(call, 'incoming', call.customParameters.get('callerNumber') ?? call.parameters.From ?? '')
    call.accept({ rtcConstraints: constraints ? { audio: constraints } : undefined })
  }, [constraints, watchCall])

  const reject = useCallback(() => {
    const call = incomingRef.current
    if (!call) return
    incomingRef.current = null
    call.reject()
    dispatch({ type: 'incoming-gone' })
  }, [])

  const hangUp = useCallback(() => callRef.current?.disconnect(), [])
  const setMuted = useCallback((muted: boolean) => callRef.current?.mute(muted), [])
  const sendDigits = useCallback((digits: string) => callRef.current?.sendDigits(digits), [])

  const setAvailability = useCallback(async (status: Availability) => {
    wantedRef.current = status
    const device = deviceRef.current
    try {
      // Offline: the device leaves too, so the panel says offline and nothing rings it. Back
      // online, its registration reports the choice (the registered handler).
      if (status === 'OFFLINE') {
        await putAvailability(status)
        setAvailabilityState(status)
        if (device?.state === 'registered') await device.unregister()
      } else if (device && device.state !== 'registered') {
        await device.register()
      } else {
        await putAvailability(status)
        setAvailabilityState(status)
      }
    } catch (error) {
      dispatch({ type: 'error', message: problemText(error) })
    }
  }, [])

  const requestMicrophone = useCallback(async () => {
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: constraints ?? true })
      for (const track of stream.getTracks()) track.stop()
      setMicrophone('granted')
      refreshDevices()
    } catch {
      setMicrophone('denied')
    }
  }, [constraints, refreshDevices])

  const selectInput = useCallback(
    async (deviceId: string) => {
      await deviceRef.current?.audio?.setInputDevice(deviceId)
      refreshDevices()
    },
    [refreshDevices],
  )
  const selectOutput = useCallback(
    async (deviceId: string) => {
      await deviceRef.current?.audio?.speakerDevices.set(deviceId)
      refreshDevices()
    },
    [refreshDevices],
  )

  const value = useMemo<SoftphoneControls>(
    () => ({ state, activeCall, connect, accept, reject, hangUp, setMuted, sendDigits, availability, setAvailability, microphone, requestMicrophone, audioDevices, selectInput, selectOutput, levels, sandboxGateway }),
    [state, activeCall, connect, accept, reject, hangUp, setMuted, sendDigits, availability, setAvailability, microphone, requestMicrophone, audioDevices, selectInput, selectOutput, levels, sandboxGateway],
  )
  return <SoftphoneContext.Provider value={value}>{children}</SoftphoneContext.Provider>
}

function useControls(): SoftphoneControls {
  const context = useContext(SoftphoneContext)
  if (!context) throw new Error('useSoftphone must be used inside <SoftphoneProvider> (the signed-in app shell)')
  return context
}

/** The member's softphone for any signed-in page: its state, the live call, and a way to place calls. */
export function useSoftphone(): Softphone {
  const { state, activeCall, connect } = useControls()
  return { state, activeCall, connect }
}

/** Everything the docked panel drives. */
export const useSoftphoneControls = useControls
