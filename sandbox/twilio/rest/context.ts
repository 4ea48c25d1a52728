import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Clock } from '../clock'
import type { CallEngine } from '../engine/index'
import type { FaultPlan } from '../faults'
import type { SandboxStore } from '../store'
import type { Params } from './http'

export interface RestDependencies {
  store: SandboxStore
  engine: CallEngine
  clock: Clock
  /** Where the sandbox is reached, for links Twilio gives as absolute URLs (a recording's media_url). */
  publicBaseUrl: () => string
  /** Failures a test arranged (see faults.ts). */
  faults?: FaultPlan
}

/** Who made the request: an account with its auth token, or a (Standard) API key of an account. */
export interface Credential {
  accountSid: string
  apiKeySid: string | null
}

export interface RestContext extends RestDependencies {
  credential: Credential
  params: Params
  path: Record<string, string>
  req: IncomingMessage
  res: ServerResponse
  /** The request's time on the sandbox clock, for date_created and wait times. */
  now(): Date
}

export type RestHandler = (context: RestContext) => void | Promise<void>

export interface Route {
  method: 'GET' | 'POST' | 'DELETE'
  pattern: RegExp
  handler: RestHandler
}

/**
 * `/2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}.json` → a regex with named groups. A segment
 * has no dot, except Twilio's alias `Twilio.CURRENT` (a call's current recording).
 */
export function route(method: Route['method'], template: string, handler: RestHandler): Route {
  const source = template.replace(/\./g, '\\.').replace(/\{(\w+)\}/g, (_, name) => `(?<${name}>Twilio\\.CURRENT|[^/.]+)`)
  return { method, pattern: new RegExp(`^${source}$`), handler }
}
