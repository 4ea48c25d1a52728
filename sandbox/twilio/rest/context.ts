import type { IncomingMessage, ServerResponse } from 'node:http'
import type { CallEngine } from '../engine/index'
import type { SandboxStore } from '../store'
import type { Params } from './http'

export interface RestContext {
  store: SandboxStore
  engine: CallEngine
  /** The account whose credentials made the request. */
  credentialSid: string
  params: Params
  path: Record<string, string>
  req: IncomingMessage
  res: ServerResponse
}

export type RestHandler = (context: RestContext) => void | Promise<void>

export interface Route {
  method: 'GET' | 'POST' | 'DELETE'
  pattern: RegExp
  handler: RestHandler
}

/** `/Accounts/{AccountSid}/Calls/{CallSid}.json` → a regex with named groups. */
export function route(method: Route['method'], template: string, handler: RestHandler): Route {
  const source = template.replace(/\./g, '\\.').replace(/\{(\w+)\}/g, (_, name) => `(?<${name}>[^/.]+)`)
  return { method, pattern: new RegExp(`^/2010-04-01${source}$`), handler }
}
