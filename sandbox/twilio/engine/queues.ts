/**
 * Calls waiting in queues (<Enqueue>), and the ways they leave: bridged by <Dial><Queue>,
 * dequeued to a URL through the REST Member resource, <Leave>, or hang-up. The store's
 * QueueRecord members mirror the waiting calls so the REST API lists them.
 */
import { newSid, type QueueRecord } from '../store'
import type { CallSession } from './call-session'
import type { EngineContext } from './context'

export type QueueExit = { kind: 'bridged'; by: CallSession; ended: Promise<void> } | { kind: 'redirected' } | { kind: 'leave' }

export interface QueueEntry {
  session: CallSession
  queueSid: string
  enqueuedMs: number
  exit(how: QueueExit): void
}

/** Twilio's default Queue max_size. */
export const DEFAULT_QUEUE_MAX_SIZE = 100

export class QueueManager {
  private readonly waiting = new Map<string, QueueEntry[]>()
  private readonly joinListeners = new Map<string, Set<() => void>>()
  /** Finished waits per queue, for AvgQueueTime. */
  private readonly waitTimes = new Map<string, number[]>()

  constructor(private readonly ctx: () => EngineContext) {}

  findOrCreate(accountSid: string, friendlyName: string): QueueRecord {
    const store = this.ctx().store
    const existing = [...store.queues.values()].find((q) => q.accountSid === accountSid && q.friendlyName === friendlyName)
    if (existing) return existing
    const now = new Date(this.ctx().clock.now())
    const queue: QueueRecord = { sid: newSid('QU'), accountSid, friendlyName, maxSize: DEFAULT_QUEUE_MAX_SIZE, members: [], dateCreated: now, dateUpdated: now }
    store.queues.set(queue.sid, queue)
    return queue
  }

  entries(queueSid: string): QueueEntry[] {
    return this.waiting.get(queueSid) ?? []
  }

  add(entry: QueueEntry): void {
    this.waiting.set(entry.queueSid, [...this.entries(entry.queueSid), entry])
    this.sync(entry.queueSid)
    for (const listener of [...(this.joinListeners.get(entry.queueSid) ?? [])]) listener()
  }

  remove(queueSid: string, callSid: string): QueueEntry | undefined {
    const entry = this.entries(queueSid).find((e) => e.session.sid === callSid)
    if (!entry) return undefined
    this.waiting.set(queueSid, this.entries(queueSid).filter((e) => e !== entry))
    this.waitTimes.set(queueSid, [...(this.waitTimes.get(queueSid) ?? []), this.ctx().clock.now() - entry.enqueuedMs])
    this.sync(queueSid)
    return entry
  }

  /** Calls `listener` when a call joins the queue; returns the unsubscribe function. */
  onJoin(queueSid: string, listener: () => void): () => void {
    let set = this.joinListeners.get(queueSid)
    if (!set) this.joinListeners.set(queueSid, (set = new Set()))
    set.add(listener)
    return () => set.delete(listener)
  }

  position(entry: QueueEntry): number {
    return this.entries(entry.queueSid).indexOf(entry) + 1
  }

  averageWaitSeconds(queueSid: string): number {
    const waits = this.waitTimes.get(queueSid) ?? []
    return waits.length === 0 ? 0 : Math.round(waits.reduce((a, b) => a + b, 0) / waits.length / 1000)
  }

  /** Mirrors the waiting calls into the store's queue record (positions from 1). */
  private sync(queueSid: string): void {
    const queue = this.ctx().store.queues.get(queueSid)
    if (!queue) return
    const now = this.ctx().clock.now()
    queue.members = this.entries(queueSid).map((entry, index) => ({
      callSid: entry.session.sid,
      position: index + 1,
      dateEnqueued: new Date(entry.enqueuedMs),
      waitTime: Math.round((now - entry.enqueuedMs) / 1000),
    }))
    queue.dateUpdated = new Date(now)
  }
}
