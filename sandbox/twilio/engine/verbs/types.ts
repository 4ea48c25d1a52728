/** The contract between the TwiML runner and each verb. */
import type { CallSession, TwimlSource } from '../call-session'
import type { TwimlNode } from '../twiml'
import type { WebhookParams } from '../webhook'

export interface VerbContext {
  session: CallSession
  node: TwimlNode
  /** URL of the document the verb came from: relative URLs resolve against it. */
  documentUrl: string
  signal: AbortSignal
}

/** What happens after a verb: the next verb, a new document, or the end of the call. */
export type VerbOutcome =
  | { next: 'verb' }
  | { next: 'document'; source: TwimlSource; params: WebhookParams; purpose: 'action' | 'redirect' }
  | { next: 'hangup' }

export const CONTINUE: VerbOutcome = { next: 'verb' }

export type VerbHandler = (context: VerbContext) => Promise<VerbOutcome>
