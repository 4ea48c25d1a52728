import { z } from 'zod'

// A call flow as the API takes it and the database keeps each version: entry points for open and
// closed hours and a map of steps. A menu's options and default name other steps by id; every
// other kind of step is a destination that ends the menu part of the call. Checked in two parts:
// the shape (zod) and the graph (flowGraphProblems), both pure.

export const STEP_ID = /^[A-Za-z0-9_-]{1,40}$/
const stepId = z.string().regex(STEP_ID, 'Step ids are 1–40 letters, digits, - or _.')
const text = (max: number, what: string) => z.string().trim().min(1, `${what} cannot be empty.`).max(max)
const id = z.string().min(1).max(64)

export const DEFAULT_INVALID_PROMPT = 'Sorry, I did not get that.'

export const menuOptionSchema = z.strictObject({
  // One key: menus gather a single digit (numDigits="1").
  digit: z.string().regex(/^[0-9*#]$/, 'An option is one key: 0–9, * or #.'),
  keywords: z.array(z.string().trim().toLowerCase().min(1).max(40)).max(10).optional(),
  next: stepId,
})

export const menuStepSchema = z.strictObject({
  kind: z.literal('menu'),
  /** Shown in the editor and on the call's timeline ("menu Main: pressed 2 → …"); the step id otherwise. */
  name: z.string().trim().max(64).optional(),
  prompt: text(1000, 'A menu prompt'),
  timeoutSeconds: z.number().int().min(1).max(30).default(5),
  retries: z.number().int().min(0).max(5).default(2),
  invalidPrompt: z.string().trim().max(500).optional(),
  options: z.array(menuOptionSchema).max(12),
  defaultNext: stepId,
})

export const destinationStepSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('ai') }),
  z.strictObject({ kind: z.literal('user'), userId: id }),
  z.strictObject({ kind: z.literal('queue'), queueId: id }),
  z.strictObject({ kind: z.literal('voicemail') }),
  z.strictObject({ kind: z.literal('message'), text: text(1000, 'The message') }),
  z.strictObject({ kind: z.literal('number'), phoneNumber: z.string().trim().regex(/^\+[1-9]\d{6,14}$/, 'Use the number in E.164 form, such as +14155550100.') }),
])

export const flowStepSchema = z.union([menuStepSchema, destinationStepSchema])

export const flowDefinitionSchema = z.strictObject({
  entry: z.strictObject({ open: stepId, closed: stepId.optional() }),
  steps: z.record(stepId, flowStepSchema).refine((steps) => Object.keys(steps).length <= 100, 'A flow has at most 100 steps.'),
})

export const callFlowBodySchema = flowDefinitionSchema.extend({ name: text(64, 'The flow name') })

export type MenuOption = z.infer<typeof menuOptionSchema>
export type MenuStep = z.infer<typeof menuStepSchema>
export type DestinationStep = z.infer<typeof destinationStepSchema>
export type FlowStep = z.infer<typeof flowStepSchema>
export type FlowDefinition = z.infer<typeof flowDefinitionSchema>

export const menuLabel = (stepId: string, step: MenuStep) => step.name || stepId

/** Field path → plain words, in the API's `fields` form. */
export type FlowProblems = Record<string, string>

/**
 * What makes a well-formed flow unusable on a call: an entry or option pointing at no step, a
 * menu without options, a key or keyword used twice in one menu, a menu from which no path
 * reaches a destination (a loop without an exit), and a default chain that loops, which would
 * keep a silent caller in the menus for ever.
 */
export function flowGraphProblems(flow: FlowDefinition): FlowProblems {
  const problems: FlowProblems = {}
  const exists = (target: string) => Object.hasOwn(flow.steps, target)
  const missing = (path: string, target: string) => {
    if (!exists(target)) problems[path] = `There is no step "${target}".`
  }
  missing('entry.open', flow.entry.open)
  if (flow.entry.closed !== undefined) missing('entry.closed', flow.entry.closed)
  const menus = Object.entries(flow.steps).filter((entry): entry is [string, MenuStep] => entry[1].kind === 'menu')
  for (const [menuId, menu] of menus) {
    const at = `steps.${menuId}`
    if (menu.options.length === 0) problems[`${at}.options`] = `Menu ${menuLabel(menuId, menu)} has no options.`
    const digits = new Set<string>()
    const keywords = new Set<string>()
    menu.options.forEach((option, index) => {
      missing(`${at}.options.${index}.next`, option.next)
      if (digits.has(option.digit)) problems[`${at}.options.${index}.digit`] = `Key ${option.digit} is used twice in menu ${menuLabel(menuId, menu)}.`
      digits.add(option.digit)
      for (const keyword of option.keywords ?? []) {
        if (keywords.has(keyword)) problems[`${at}.options.${index}.keywords`] = `"${keyword}" is used twice in menu ${menuLabel(menuId, menu)}.`
        keywords.add(keyword)
      }
    })
    missing(`${at}.defaultNext`, menu.defaultNext)
  }
  if (Object.keys(problems).length > 0) return problems
  const exits = menusWithAnExit(flow)
  for (const [menuId, menu] of menus) {
    if (!exits.has(menuId)) problems[`steps.${menuId}`] = `Menu ${menuLabel(menuId, menu)} loops without an exit: no choice leads to a destination.`
  }
  for (const [menuId, menu] of menus) {
    if (problems[`steps.${menuId}`]) continue
    const chain = defaultChainLoop(flow, menuId)
    if (chain) problems[`steps.${menuId}.defaultNext`] = `A caller who presses nothing goes round ${chain.join(' → ')} for ever; let one default lead to a destination.`
  }
  return problems
}

/** Menus from which some path of options or defaults reaches a destination step. */
function menusWithAnExit(flow: FlowDefinition): Set<string> {
  const exits = new Set<string>()
  const leadsOut = (target: string) => flow.steps[target]!.kind !== 'menu' || exits.has(target)
  for (let grew = true; grew; ) {
    grew = false
    for (const [menuId, step] of Object.entries(flow.steps)) {
      if (step.kind !== 'menu' || exits.has(menuId)) continue
      if ([...step.options.map((option) => option.next), step.defaultNext].some(leadsOut)) {
        exits.add(menuId)
        grew = true
      }
    }
  }
  return exits
}

/** The menus a silent caller would cycle through from `start`, or null when the defaults end. */
function defaultChainLoop(flow: FlowDefinition, start: string): string[] | null {
  const seen: string[] = []
  for (let at = start; ; ) {
    const step = flow.steps[at]!
    if (step.kind !== 'menu') return null
    if (seen.includes(at)) return [...seen.slice(seen.indexOf(at)), at].map((menuId) => menuLabel(menuId, flow.steps[menuId] as MenuStep))
    seen.push(at)
    at = step.defaultNext
  }
}

/** The users and queues a flow sends callers to, for checking they belong to the organization. */
export function flowDestinations(flow: FlowDefinition) {
  const steps = Object.entries(flow.steps)
  return {
    users: steps.flatMap(([stepId, step]) => (step.kind === 'user' ? [{ stepId, userId: step.userId }] : [])),
    queues: steps.flatMap(([stepId, step]) => (step.kind === 'queue' ? [{ stepId, queueId: step.queueId }] : [])),
  }
}
