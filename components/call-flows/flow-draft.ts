import type { DestinationStep, FlowStep, MenuStep } from '@/lib/call-flows/flow-schema'
import type { FlowDraft } from './call-flows-api'

// Editing a flow draft as a tree, without I/O: every change returns a new draft. Choosing a
// destination for an option writes a step of its own; steps no longer reachable from an entry
// are dropped before saving, so the saved flow holds only what callers can reach.

export type Choice = DestinationStep['kind'] | 'submenu' | 'goto'

export const CHOICE_LABELS: Record<Choice, string> = {
  submenu: 'A new sub-menu',
  goto: 'Another menu of this flow',
  ai: 'The AI receptionist',
  user: 'A team member',
  queue: 'A queue',
  voicemail: 'Voicemail',
  message: 'A message, then hang up',
  number: 'An outside number',
}

export function newMenu(name: string, prompt = ''): MenuStep {
  return { kind: 'menu', name, prompt, timeoutSeconds: 5, retries: 2, options: [], defaultNext: '' }
}

export function newDraft(): FlowDraft {
  return { name: '', entry: { open: 'main' }, steps: { main: { ...newMenu('Main', 'Thank you for calling. For sales press 1.'), defaultNext: 'main-default' }, 'main-default': { kind: 'voicemail' } } }
}

export function freshId(draft: FlowDraft, base: string): string {
  for (let n = 1; ; n++) if (!Object.hasOwn(draft.steps, `${base}-${n}`)) return `${base}-${n}`
}

export const withStep = (draft: FlowDraft, stepId: string, step: FlowStep): FlowDraft => ({ ...draft, steps: { ...draft.steps, [stepId]: step } })

export function updateMenu(draft: FlowDraft, menuId: string, change: (menu: MenuStep) => MenuStep): FlowDraft {
  return withStep(draft, menuId, change(draft.steps[menuId] as MenuStep))
}

/** The step a choice creates; a destination's details start empty for the editor to fill in. */
export function stepFor(choice: Exclude<Choice, 'goto'>, directory: { members: { id: string }[]; queues: { id: string }[] }): FlowStep {
  switch (choice) {
    case 'submenu':
      return newMenu('')
    case 'user':
      return { kind: 'user', userId: directory.members[0]?.id ?? '' }
    case 'queue':
      return { kind: 'queue', queueId: directory.queues[0]?.id ?? '' }
    case 'message':
      return { kind: 'message', text: '' }
    case 'number':
      return { kind: 'number', phoneNumber: '' }
    default:
      return { kind: choice }
  }
}

/** The steps callers can reach from the entries. */
export function reachable(draft: FlowDraft): Set<string> {
  const seen = new Set<string>()
  const visit = (stepId: string | undefined) => {
    if (!stepId || seen.has(stepId) || !draft.steps[stepId]) return
    seen.add(stepId)
    const step = draft.steps[stepId]!
    if (step.kind === 'menu') [...step.options.map((option) => option.next), step.defaultNext].forEach(visit)
  }
  visit(draft.entry.open)
  visit(draft.entry.closed)
  return seen
}

export function pruned(draft: FlowDraft): FlowDraft {
  const keep = reachable(draft)
  return { ...draft, steps: Object.fromEntries(Object.entries(draft.steps).filter(([stepId]) => keep.has(stepId))) }
}

/**
 * Which option (or default, or entry) a menu is drawn under: the first that reaches it, depth
 * first from the open entry. Other references to it show as "go to menu …".
 */
export function menuOwners(draft: FlowDraft): Map<string, string> {
  const owners = new Map<string, string>()
  const visit = (stepId: string | undefined, owner: string) => {
    if (!stepId || owners.has(stepId) || draft.steps[stepId]?.kind !== 'menu') return
    owners.set(stepId, owner)
    const menu = draft.steps[stepId] as MenuStep
    menu.options.forEach((option, index) => visit(option.next, `${stepId}.options.${index}`))
    visit(menu.defaultNext, `${stepId}.default`)
  }
  visit(draft.entry.open, 'entry.open')
  visit(draft.entry.closed, 'entry.closed')
  return owners
}

export function menuName(draft: FlowDraft, stepId: string): string {
  const step = draft.steps[stepId]
  return step?.kind === 'menu' ? step.name || stepId : stepId
}
