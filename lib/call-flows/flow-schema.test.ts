import { describe, expect, it } from 'vitest'
import { twoLevelFlow } from '@/lib/testing/call-flows'
import { callFlowBodySchema, flowDefinitionSchema, flowDestinations, flowGraphProblems, type FlowDefinition } from './flow-schema'

const menu = (options: { digit: string; next: string; keywords?: string[] }[], defaultNext: string, extra: object = {}) => ({ kind: 'menu', prompt: 'Choose.', options, defaultNext, ...extra })
const flow = (steps: Record<string, unknown>, entry: object = { open: 'main' }) => flowDefinitionSchema.parse({ entry, steps })

describe('call flow shape', () => {
  it('takes the issue’s body with defaults for timeout and retries', () => {
    const parsed = callFlowBodySchema.parse({ name: ' Front desk ', entry: { open: 'main' }, steps: { main: menu([{ digit: '1', next: 'vm', keywords: [' Sales '] }], 'vm'), vm: { kind: 'voicemail' } } })
    expect(parsed.name).toBe('Front desk')
    expect(parsed.steps.main).toMatchObject({ timeoutSeconds: 5, retries: 2, options: [{ digit: '1', keywords: ['sales'] }] })
  })

  it.each([
    ['a two-key option', { main: menu([{ digit: '12', next: 'vm' }], 'vm'), vm: { kind: 'voicemail' } }],
    ['an unknown kind', { main: { kind: 'conference' } }],
    ['an extra field', { vm: { kind: 'voicemail', greeting: 'x' } }],
    ['a number not in E.164', { out: { kind: 'number', phoneNumber: '415-555-0100' } }],
    ['an empty prompt', { main: menu([{ digit: '1', next: 'vm' }], 'vm', { prompt: ' ' }), vm: { kind: 'voicemail' } }],
    ['a bad step id', { 'main menu': { kind: 'voicemail' } }],
    ['retries past 5', { main: menu([{ digit: '1', next: 'vm' }], 'vm', { retries: 9 }), vm: { kind: 'voicemail' } }],
  ])('refuses %s', (_label, steps) => {
    expect(flowDefinitionSchema.safeParse({ entry: { open: 'main' }, steps }).success).toBe(false)
  })
})

describe('call flow graph', () => {
  it('accepts the two-level menu, whose Billing menu loops back to Main (Main has exits)', () => {
    expect(flowGraphProblems(twoLevelFlow())).toEqual({})
  })

  it('refuses dangling step ids in entries, options and defaults', () => {
    const problems = flowGraphProblems(flow({ main: menu([{ digit: '1', next: 'nowhere' }], 'gone') }, { open: 'main', closed: 'shut' }))
    expect(problems).toEqual({
      'entry.closed': 'There is no step "shut".',
      'steps.main.options.0.next': 'There is no step "nowhere".',
      'steps.main.defaultNext': 'There is no step "gone".',
    })
  })

  it('refuses an empty menu and a key or keyword used twice', () => {
    const problems = flowGraphProblems(
      flow({
        main: menu([{ digit: '1', next: 'vm', keywords: ['sales'] }, { digit: '1', next: 'ai', keywords: ['sales'] }], 'vm', { name: 'Main' }),
        empty: menu([], 'vm'),
        vm: { kind: 'voicemail' },
        ai: { kind: 'ai' },
      }),
    )
    expect(problems).toEqual({
      'steps.main.options.1.digit': 'Key 1 is used twice in menu Main.',
      'steps.main.options.1.keywords': '"sales" is used twice in menu Main.',
      'steps.empty.options': 'Menu empty has no options.',
    })
  })

  it('refuses menus that loop without an exit, naming each', () => {
    const problems = flowGraphProblems(flow({ main: menu([{ digit: '1', next: 'sub' }], 'sub', { name: 'Main' }), sub: menu([{ digit: '9', next: 'main' }], 'main', { name: 'Sub' }) }))
    expect(problems).toEqual({
      'steps.main': 'Menu Main loops without an exit: no choice leads to a destination.',
      'steps.sub': 'Menu Sub loops without an exit: no choice leads to a destination.',
    })
  })

  it('refuses a default chain that loops, even when options lead out', () => {
    const problems = flowGraphProblems(flow({ main: menu([{ digit: '1', next: 'vm' }], 'sub', { name: 'Main' }), sub: menu([{ digit: '1', next: 'vm' }], 'main', { name: 'Sub' }), vm: { kind: 'voicemail' } }))
    expect(problems['steps.main.defaultNext']).toBe('A caller who presses nothing goes round Main → Sub → Main for ever; let one default lead to a destination.')
    const self = flowGraphProblems(flow({ main: menu([{ digit: '1', next: 'vm' }], 'main'), vm: { kind: 'voicemail' } }))
    expect(Object.keys(self)).toEqual(['steps.main.defaultNext'])
  })

  it('lists the users and queues a flow sends callers to', () => {
    const definition: FlowDefinition = twoLevelFlow({ queueId: 'q1', userId: 'u1' })
    expect(flowDestinations(definition)).toEqual({ users: [{ stepId: 'owner', userId: 'u1' }], queues: [{ stepId: 'sales', queueId: 'q1' }] })
  })
})
