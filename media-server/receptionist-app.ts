/**
 * What the AI receptionist asks the app during a call (its door: lib/telephony/media-server-door.ts):
 * what it should know of the call (the teams it may transfer to, the caller's history), and the
 * tools it calls, which act on the live call or the organization's data in the app
 * (lib/receptionist/run-tool.ts). Failures are answers the model can recover from.
 */
import type { AppCall } from './app-gate'
import type { SendReport } from './call-report'

/** The app's answer (lib/receptionist/call-context.ts): the call's settings and what is known of it. */
export interface CallContext {
  queues: string[]
  /** The receptionist's whole instructions for this call. */
  instructions: string
  /** The tools switched on. */
  tools: string[]
  language: string
  turnDetection: TurnDetectionSetting
  minBargeInMs: number
}

export type TurnDetectionSetting = { type: 'server_vad'; threshold: number; silenceMs: number } | { type: 'semantic_vad'; eagerness: 'low' | 'medium' | 'high' | 'auto' }

export type ToolOutcome = { ok: true; result: Record<string, unknown> } | { ok: false; error: string }

export interface ReceptionistApp {
  /** Null when the app does not know the call or cannot answer: the call goes on without tools. */
  context(callSid: string): Promise<CallContext | null>
  runTool(callSid: string, call: { callId: string; name: string; arguments: string }): Promise<ToolOutcome>
}

export function appReceptionist(call: AppCall): ReceptionistApp {
  const base = (callSid: string) => `/api/internal/media/calls/${encodeURIComponent(callSid)}`
  return {
    async context(callSid) {
      try {
        const response = await call('GET', `${base(callSid)}/context`)
        return response.ok ? ((await response.json()) as CallContext) : null
      } catch {
        return null
      }
    },
    async runTool(callSid, request) {
      try {
        const response = await call('POST', `${base(callSid)}/tools`, request)
        if (response.ok) return (await response.json()) as ToolOutcome
        return { ok: false, error: `The system could not do that (${response.status}). Offer to take a message instead.` }
      } catch {
        return { ok: false, error: 'The system did not answer. Offer to take a message instead.' }
      }
    },
  }
}

/** Sends call reports to the app; true once it has taken the report (or does not know the call: no use retrying). */
export function appCallReports(call: AppCall): SendReport {
  return async (callSid, report) => {
    const response = await call('POST', `/api/internal/media/calls/${encodeURIComponent(callSid)}/report`, report)
    return response.ok || response.status === 404
  }
}
