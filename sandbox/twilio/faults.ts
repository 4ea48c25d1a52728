// Failures a test arranges for the sandbox to produce, so the app's recovery paths run against
// the same wire behaviour they meet in production: Twilio answering an error, Twilio never
// answering, and Twilio doing the work but the answer being lost on the way back (the client sees
// a dropped connection while the resource exists — what a crash between create and save leaves).

export type FaultKind =
  | { kind: 'error'; status: number; code: number; message: string }
  /** The connection closes before the request is handled: nothing happens at "Twilio". */
  | { kind: 'drop-before' }
  /** The request is handled, then the connection closes instead of answering. */
  | { kind: 'drop-after' }
  /** The answer starts (status, headers, half the body), then the connection closes: a cut download. */
  | { kind: 'truncate' }

export type Fault = FaultKind & {
  method: 'GET' | 'POST' | 'DELETE'
  /** Matched against the request's path, e.g. /\/Applications\.json$/. */
  path: RegExp
  /** How many matching requests fail (default 1). */
  times?: number
}

export class FaultPlan {
  private readonly pending: (Fault & { remaining: number })[] = []

  add(fault: Fault): void {
    this.pending.push({ ...fault, remaining: fault.times ?? 1 })
  }

  clear(): void {
    this.pending.length = 0
  }

  /** The fault this request meets, if any; each use counts against its `times`. */
  take(method: string, pathname: string): FaultKind | undefined {
    const index = this.pending.findIndex((fault) => fault.method === method && fault.path.test(pathname))
    if (index < 0) return undefined
    const fault = this.pending[index]!
    if (--fault.remaining <= 0) this.pending.splice(index, 1)
    return fault
  }
}
