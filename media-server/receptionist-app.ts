/**
 * What the AI receptionist asks the app during a call (its door: lib/telephony/media-server-door.ts):
 * what it should know of the call (the teams it may transfer to, the caller's history), and the
 * tools it calls, which act on the live call or the organization's data in the app
 * (lib/receptionist/run-tool.ts). Failures are answers the model can recover from.
 */
import type { StreamSession } from '../lib/telephony/stream-token'
import { realtimeTools } from '../lib/receptionist/tools'
import type { AppCall } from './app-gate'
import type { SendReport } from './call-report'
import type { CallPersona } from './realtime-session'

/** The app's answer (lib/receptionist/call-context.ts): the call's settings and what is known of it. */
export interface CallContext {
  queues: string[]
  /** Who transfer_call may name (absent from an app older than transfers to people and numbers). */
  transferTargets?: Array<{ name: string; kind: 'queue' | 'agent' | 'number' }>
  /** The receptionist's whole instructions for this call. */
  instructions: string
  /** The tools switched on. */
  tools: string[]
  language: string
  turnDetection: TurnDetectionSetting
  minBargeInMs: number
}

export type TurnDetectionSetting = { type: 'server_vad'; threshold: number; silenceMs: number } | { type: 'semantic_vad'; eagerness: 'low' | 'medium' | 'high' | 'auto' }

/**
 * Who the assistant is on this call: the token's voice and greeting, and what the app knows of the
 * call (teams, the caller's history) in the instructions, with the tools offered only when the app
 * can run them. The same for a pre-warmed session (pre-warm.ts) as for one opened by the stream.
 */
export function callPersona(session: StreamSession, context: CallContext | null): StreamSession & CallPersona {
  if (!context) return session
  return { ...session, instructions: context.instructions, tools: realtimeTools(context.transferTargets?.map((target) => target.name)).filter((tool) => context.tools.includes(tool.name)), turnDetection: context.turnDetection, language: context.language }
}

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
