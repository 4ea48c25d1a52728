/**
 * The inspectable history of each call: every webhook request (URL, parameters, signature) and
 * its response, every TwiML verb executed, status changes, DTMF, Media Streams message summaries
 * and errors. Read by tests (`engine.events(callSid)`) and the control page.
 */

export type CallEventType = 'webhook' | 'twiml' | 'status' | 'error' | 'dtmf' | 'audio' | 'stream' | 'recording' | 'queue' | 'dial' | 'gather' | 'conference'

export interface CallEvent {
  seq: number
  /** ISO time on the engine's clock. */
  at: string
  callSid: string
  type: CallEventType
  summary: string
  detail: Record<string, unknown>
}

type Listener = (event: CallEvent) => void

export class EventLog {
  private readonly byCall = new Map<string, CallEvent[]>()
  private readonly listeners = new Set<Listener>()
  private seq = 0

  constructor(private readonly now: () => number) {}

  add(callSid: string, type: CallEventType, summary: string, detail: Record<string, unknown> = {}): CallEvent {
    const event: CallEvent = { seq: ++this.seq, at: new Date(this.now()).toISOString(), callSid, type, summary, detail }
    let list = this.byCall.get(callSid)
    if (!list) this.byCall.set(callSid, (list = []))
    list.push(event)
    for (const listener of this.listeners) listener(event)
    return event
  }

  forCall(callSid: string, sinceSeq = 0): CallEvent[] {
    return (this.byCall.get(callSid) ?? []).filter((e) => e.seq > sinceSeq)
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Resolves with the first event (past or future) of `callSid` matching `predicate`. */
  waitFor(callSid: string, predicate: (event: CallEvent) => boolean, timeoutMs = 10_000): Promise<CallEvent> {
    const existing = this.forCall(callSid).find(predicate)
    if (existing) return Promise.resolve(existing)
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(listener)
        reject(new Error(`no matching event on ${callSid} within ${timeoutMs} ms`))
      }, timeoutMs)
      const listener: Listener = (event) => {
        if (event.callSid !== callSid || !predicate(event)) return
        clearTimeout(timer)
        this.listeners.delete(listener)
        resolve(event)
      }
      this.listeners.add(listener)
    })
  }
}
