// The softphone's state as a pure reducer over what the Voice SDK reports (Device and Call
// events), so the panel always shows one of offline, registering, ready, ringing, on a call or
// reconnecting, and every way a call can end — hang-up, cancel, reject, an error — clears it:
// no ghost call survives a failure.

export type Phase = 'offline' | 'registering' | 'ready' | 'ringing' | 'on-call' | 'reconnecting'

export interface IncomingCall {
  callSid: string
  from: string
  /** The organization's number the caller dialled (the <Client> parameter calledNumber), when known. */
  calledNumber: string | null
}

export interface ActiveCall {
  callSid: string | null
  direction: 'incoming' | 'outgoing'
  /** The other party: the caller's number, the number dialled, or a colleague's identity. */
  peer: string
  /** When audio was connected (ms since epoch); null while an outgoing call rings. */
  connectedAt: number | null
  muted: boolean
}

export interface SoftphoneState {
  phase: Phase
  registered: boolean
  incoming: IncomingCall | null
  call: ActiveCall | null
  /** The last problem, in plain words; cleared by the next success. */
  error: string | null
}

export type SoftphoneEvent =
  | { type: 'registering' }
  | { type: 'registered' }
  | { type: 'unregistered' }
  | { type: 'incoming'; call: IncomingCall }
  | { type: 'incoming-gone' }
  | { type: 'dialing'; peer: string }
  | { type: 'accepted'; callSid: string | null; direction: 'incoming' | 'outgoing'; peer: string; at: number }
  | { type: 'muted'; muted: boolean }
  | { type: 'reconnecting' }
  | { type: 'reconnected' }
  | { type: 'call-ended' }
  | { type: 'error'; message: string }

export const initialSoftphoneState: SoftphoneState = { phase: 'offline', registered: false, incoming: null, call: null, error: null }

/** The phase when no call is in the way: what the device's registration says. */
const idle = (registered: boolean): Phase => (registered ? 'ready' : 'offline')

export function softphoneReducer(state: SoftphoneState, event: SoftphoneEvent): SoftphoneState {
  switch (event.type) {
    case 'registering':
      return state.call ? state : { ...state, phase: 'registering' }
    case 'registered':
      return { ...state, registered: true, error: null, phase: state.call ? state.phase : state.incoming ? 'ringing' : 'ready' }
    case 'unregistered':
      return { ...state, registered: false, phase: state.call ? state.phase : 'offline' }
    case 'incoming':
      // A second call while busy is not offered (the device is created with allowIncomingWhileBusy off).
      return state.call ? state : { ...state, incoming: event.call, phase: 'ringing' }
    case 'incoming-gone':
      return { ...state, incoming: null, phase: state.call ? state.phase : idle(state.registered) }
    case 'dialing':
      return { ...state, error: null, phase: 'on-call', call: { callSid: null, direction: 'outgoing', peer: event.peer, connectedAt: null, muted: false } }
    case 'accepted':
      return { ...state, error: null, incoming: null, phase: 'on-call', call: { callSid: event.callSid, direction: event.direction, peer: event.peer, connectedAt: event.at, muted: false } }
    case 'muted':
      return state.call ? { ...state, call: { ...state.call, muted: event.muted } } : state
    case 'reconnecting':
      return state.call ? { ...state, phase: 'reconnecting' } : state
    case 'reconnected':
      return state.call ? { ...state, phase: 'on-call' } : state
    case 'call-ended':
      return { ...state, call: null, incoming: null, phase: idle(state.registered) }
    case 'error':
      return { ...state, error: event.message }
  }
}
