import { describe, expect, it } from 'vitest'
import { flowGraphProblems } from '@/lib/call-flows/flow-schema'
import type { FlowDraft } from './call-flows-api'
import { freshId, menuOwners, newDraft, pruned, reachable, stepFor } from './flow-draft'

// The editor's pure draft helpers: what a new flow starts as, which option a sub-menu is drawn
// under, and what is dropped before saving.
describe('call flow drafts', () => {
  const draft: FlowDraft = {
    name: 'Desk',
    entry: { open: 'main' },
    steps: {
      main: { kind: 'menu', name: 'Main', prompt: 'Hi', timeoutSeconds: 5, retries: 1, options: [{ digit: '1', next: 'sub' }, { digit: '2', next: 'sub' }], defaultNext: 'vm' },
      sub: { kind: 'menu', prompt: 'Sub', timeoutSeconds: 5, retries: 0, options: [{ digit: '9', next: 'main' }], defaultNext: 'vm' },
      vm: { kind: 'voicemail' },
      orphan: { kind: 'ai' },
    },
  }

  it('a new draft is a valid flow once it has an option', () => {
    const fresh = newDraft()
    expect(flowGraphProblems(fresh)).toEqual({ 'steps.main.options': 'Menu Main has no options.' })
  })

  it('a menu is drawn under the first reference depth first; the others point at it', () => {
    expect(menuOwners(draft)).toEqual(new Map([['main', 'entry.open'], ['sub', 'main.options.0']]))
  })

  it('steps no caller can reach are dropped before saving', () => {
    expect([...reachable(draft)].sort()).toEqual(['main', 'sub', 'vm'])
    expect(Object.keys(pruned(draft).steps).sort()).toEqual(['main', 'sub', 'vm'])
  })

  it('fresh ids do not collide, and a destination starts with the first member or queue', () => {
    expect(freshId({ ...draft, steps: { ...draft.steps, 'menu-1': draft.steps.sub! } }, 'menu')).toBe('menu-2')
    expect(stepFor('queue', { members: [], queues: [{ id: 'q1' }] })).toEqual({ kind: 'queue', queueId: 'q1' })
    expect(stepFor('user', { members: [{ id: 'u1' }], queues: [] })).toEqual({ kind: 'user', userId: 'u1' })
  })
})
