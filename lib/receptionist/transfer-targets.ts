import { routableUsers } from '@/lib/agents/availability'
import type { ScopedDb } from '@/lib/tenancy/scoped-db'
import type { ReceptionistSettings } from './settings'

// Who the receptionist may transfer a call to: the organization's teams (queues; the settings may
// name a few), the people named in the settings (their softphones), and the outside numbers the
// settings list. The model is given their names (lib/receptionist/tools.ts) and asks by name.
// A person is offered only while they take calls: available, and not already on one.

export type TransferTarget =
  | { kind: 'queue'; name: string; queueId: string }
  | { kind: 'agent'; name: string; userId: string; clientIdentity: string }
  | { kind: 'number'; name: string; e164: string }

const KIND_WORDS = { queue: 'team', agent: 'person', number: 'outside number' } as const

export async function transferTargets(db: ScopedDb, settings: ReceptionistSettings): Promise<TransferTarget[]> {
  const [queues, agents] = await Promise.all([
    db.queue.findMany({ select: { id: true, name: true }, orderBy: { name: 'asc' } }),
    settings.transferAgents.length ? routableUsers(db, settings.transferAgents) : [],
  ])
  const allowed = settings.transferQueues.map((name) => name.toLowerCase())
  return [
    ...queues.filter((queue) => allowed.length === 0 || allowed.includes(queue.name.toLowerCase())).map((queue) => ({ kind: 'queue' as const, name: queue.name, queueId: queue.id })),
    ...agents
      .filter((user) => user.availability === 'AVAILABLE' && !user.onCall)
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((user) => ({ kind: 'agent' as const, name: user.name, userId: user.id, clientIdentity: user.softphoneIdentity })),
    ...settings.transferNumbers.map((number) => ({ kind: 'number' as const, name: number.name, e164: number.e164 })),
  ]
}

/** The target the model asked for, by its name (any case) or, for an outside number, its number. */
export function findTransferTarget(targets: readonly TransferTarget[], requested: string): TransferTarget | undefined {
  const wanted = requested.trim().toLowerCase()
  return targets.find((target) => target.name.toLowerCase() === wanted || (target.kind === 'number' && target.e164 === requested.trim()))
}

/** "Sales (team), Ada Lovelace (person), Night line (outside number)". */
export function describeTransferTargets(targets: readonly TransferTarget[]): string {
  return targets.map((target) => `${target.name} (${KIND_WORDS[target.kind]})`).join(', ')
}
