import { DEFAULT_INVALID_PROMPT, menuLabel, type DestinationStep, type FlowDefinition, type MenuOption, type MenuStep } from './flow-schema'

// The menu decisions, pure like the routing ones (lib/routing/inbound-route.ts): where a caller
// goes from a step given what they pressed or said and how many times the menu has played. The
// TwiML is built from the outcome elsewhere (flow-twiml.ts).

export type FlowInput = { kind: 'digits'; digits: string } | { kind: 'speech'; text: string } | { kind: 'none' }

export type FlowOutcome =
  /** Play the menu and gather; `attempt` counts replays (0 the first time), `invalid` prefixes the invalid-input prompt. */
  | { kind: 'menu'; stepId: string; menu: MenuStep; attempt: number; invalid: boolean }
  | { kind: 'destination'; stepId: string; step: DestinationStep }
  /** The step is gone from this version (a tampered or stale URL): the number's plain route takes over. */
  | { kind: 'missing'; stepId: string }

export interface FlowDecision {
  outcome: FlowOutcome
  /** For the call's timeline: "menu Main: pressed 2 → queue Support". `describe` names users and queues. */
  summary: string
}

export type DescribeDestination = (step: DestinationStep) => string

/** Where a step leads when the caller arrives at it: a menu plays from its first attempt, a destination is taken. */
export function enterStep(flow: FlowDefinition, stepId: string): FlowOutcome {
  const step = flow.steps[stepId]
  if (!step) return { kind: 'missing', stepId }
  return step.kind === 'menu' ? { kind: 'menu', stepId, menu: step, attempt: 0, invalid: false } : { kind: 'destination', stepId, step }
}

/** The caller answered menu `stepId` (played for the `attempt`-th time, from 0) with `input`. */
export function decideFlowStep(flow: FlowDefinition, stepId: string, input: FlowInput, attempt: number, describe: DescribeDestination): FlowDecision {
  const menu = flow.steps[stepId]
  if (!menu || menu.kind !== 'menu') {
    const outcome = enterStep(flow, stepId)
    return { outcome, summary: `step ${stepId}: ${describeOutcome(outcome, describe)}` }
  }
  const label = `menu ${menuLabel(stepId, menu)}`
  const option = chosenOption(menu, input)
  if (option) {
    const outcome = enterStep(flow, option.next)
    return { outcome, summary: `${label}: ${describeInput(input)} → ${describeOutcome(outcome, describe)}` }
  }
  const why = input.kind === 'none' ? 'no input' : `${describeInput(input)}, not an option`
  if (attempt < menu.retries) {
    return { outcome: { kind: 'menu', stepId, menu, attempt: attempt + 1, invalid: true }, summary: `${label}: ${why} → menu again (${attempt + 2} of ${menu.retries + 1})` }
  }
  const outcome = enterStep(flow, menu.defaultNext)
  return { outcome, summary: `${label}: ${why} → default: ${describeOutcome(outcome, describe)}` }
}

/** A key matches its option; speech matches an option whose keyword (or key, spoken as a word) is in what was said. */
export function chosenOption(menu: MenuStep, input: FlowInput): MenuOption | undefined {
  if (input.kind === 'digits') return menu.options.find((option) => option.digit === input.digits)
  if (input.kind !== 'speech') return undefined
  const said = ` ${normalizeSpeech(input.text)} `
  let best: { option: MenuOption; length: number } | undefined
  for (const option of menu.options) {
    for (const phrase of [...(option.keywords ?? []), ...spokenKey(option.digit)]) {
      const words = normalizeSpeech(phrase)
      if (words && said.includes(` ${words} `) && words.length > (best?.length ?? 0)) best = { option, length: words.length }
    }
  }
  return best?.option
}

/** Lower case, letters and digits only: recognizers capitalize and punctuate ("Billing, please."). */
export function normalizeSpeech(text: string): string {
  return text.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^\p{L}\p{N}]+/gu, ' ').trim()
}

const KEY_WORDS: Record<string, string[]> = {
  '0': ['zero'], '1': ['one'], '2': ['two'], '3': ['three'], '4': ['four'], '5': ['five'], '6': ['six'], '7': ['seven'], '8': ['eight'], '9': ['nine'], '*': ['star'], '#': ['pound', 'hash'],
}
/** "Press two" said aloud: the key as a word, or as the digit the recognizer may write. */
function spokenKey(digit: string): string[] {
  return [...(KEY_WORDS[digit] ?? []), ...(/\d/.test(digit) ? [digit] : [])]
}

function describeInput(input: FlowInput): string {
  if (input.kind === 'digits') return `pressed ${input.digits}`
  if (input.kind === 'speech') return `said “${input.text}”`
  return 'no input'
}

export function describeOutcome(outcome: FlowOutcome, describe: DescribeDestination): string {
  if (outcome.kind === 'menu') return `menu ${menuLabel(outcome.stepId, outcome.menu)}`
  if (outcome.kind === 'missing') return `step ${outcome.stepId} (not in this flow)`
  return describe(outcome.step)
}

/** Which entry the flow starts at: the closed one outside business hours, when the flow has one. */
export function flowEntry(flow: FlowDefinition, open: boolean): string | null {
  if (open) return flow.entry.open
  return flow.entry.closed ?? null
}

/** The prompt a menu plays on this attempt: the invalid-input prompt first after a miss. */
export function menuPrompts(menu: MenuStep, invalid: boolean): string[] {
  return invalid ? [menu.invalidPrompt || DEFAULT_INVALID_PROMPT, menu.prompt] : [menu.prompt]
}
